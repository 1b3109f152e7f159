package io.somspark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class RemoteDefaultsTest {
  @Test
  void defaultsFillOnlyWhatTheUserLeftUnset() {
    Configuration conf = new Configuration();
    conf.set("fs.s3a.attempts.maximum", "9");
    RemoteDefaults.apply(conf);
    assertThat(conf.get("fs.s3a.attempts.maximum")).isEqualTo("9");
    assertThat(conf.get("fs.s3a.retry.limit")).isEqualTo("2"); // core-default.xml's 7 does not count as set
    assertThat(conf.get("ipc.client.connect.timeout")).isEqualTo("5000");
  }

  @Test
  void anUnreachableS3EndpointFailsWithinSeconds() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Configuration conf = new Configuration();
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.access.key", "test");
    conf.set("fs.s3a.secret.key", "test-secret");
    conf.set("fs.s3a.impl.disable.cache", "true");
    RemoteDefaults.apply(conf);
    long start = System.nanoTime();
    assertThatThrownBy(() -> HadoopFiles.exists("s3a://bucket/images/x.jpg", conf)).isInstanceOf(Exception.class);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(seconds).as("seconds to fail one row").isLessThan(30);
  }
}
