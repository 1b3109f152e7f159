package io.somspark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void secretLookingNamesAtAnyDepth() {
    for (String k : new String[] {"fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key", "fs.s3a.session.token",
        "db.PASSWORD", "hadoop.security.credential.provider.path", "vlm.api-key", "openai.api.key", "API_KEY",
        "fs.azure.account.key.acct.blob.core.windows.net", "fs.gs.auth.service.account.private.key", "token",
        "fs.azure.sas.token.provider", "github.oauthToken"}) {
      assertThat(Redaction.isSecret(k)).as(k).isTrue();
    }
    for (String k : new String[] {"vlm.max-new-tokens", "tag.min-pixels", "output.root", "fs.s3a.endpoint",
        "keyboard", "monkey.business", "tokenizer.path"}) {
      assertThat(Redaction.isSecret(k)).as(k).isFalse();
    }
    Object v = Redaction.redact("spark.conf", Map.of("spark.hadoop.fs.s3a.secret.key", "S3CRET",
        "spark.executor.memory", "4g", "nested", Map.of("password", "pw12")));
    assertThat(v).hasToString("{nested={password=***}, spark.executor.memory=4g, spark.hadoop.fs.s3a.secret.key=***}");
    assertThat(Redaction.redact("x.password", List.of("a"))).isEqualTo("***");
  }

  @Test
  void knownSecretValuesAreScrubbedFromText() {
    Redaction.rememberRaw("spark.conf={spark.hadoop.fs.s3a.secret.key: \"VALUE-9876\", other: visible}");
    assertThat(Redaction.scrub("failed with key VALUE-9876 and visible")).isEqualTo("failed with key *** and visible");
    Redaction.rememberRaw("spark.conf={fs.azure.account.key.x: OTHER-5555}");
    assertThat(Redaction.scrub("got 'OTHER-5555'")).isEqualTo("got '***'");
  }
}
