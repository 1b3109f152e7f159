package io.somspark.io;

import io.somspark.config.ConfigException;
import io.somspark.config.EvalConf;
import io.somspark.config.ExportConf;
import io.somspark.config.InputSource;
import io.somspark.config.SomConfig;
import io.somspark.config.SomConfigKeys;
import io.somspark.eval.Synonyms;
import io.somspark.export.PromptPool;
import io.somspark.vlm.ModelSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before Spark starts, that a command's inputs exist and parse, so a typo costs a second
 * rather than a cluster job; failures name the configuration key. {@code --dry-run} runs the same
 * checks.
 */
public final class Preflight {
  /** Where the built-in prompt pool lives on the classpath. */
  public static final String BUILTIN_PROMPTS = "conf/prompts/listing.yaml";

  private final SomConfig config;
  private final Configuration hadoop;

  private Preflight(SomConfig config, Configuration hadoop) {
    this.config = config;
    this.hadoop = hadoop;
  }

  public static Preflight of(SomConfig config) {
    return new Preflight(config, EvalFiles.hadoopConf(config));
  }

  public void sources(List<InputSource> sources) {
    for (int i = 0; i < sources.size(); i++) {
      InputSource s = sources.get(i);
      String key = "input.sources[" + i + "]";
      FileStatus ann = status(key + ".annotations", s.annotations());
      if (ann == null) {
        throw new ConfigException(key + ".annotations: not found: " + s.annotations());
      }
      if (s.format().equals("coco") && ann.isDirectory()) {
        throw new ConfigException(key + ".annotations: expected a COCO JSON file, got a folder: " + s.annotations());
      }
      FileStatus img = status(key + ".images", s.images());
      if (img == null || !img.isDirectory()) {
        throw new ConfigException(key + ".images: not a folder: " + s.images());
      }
    }
  }

  /** The stage's input table exists and was completed (has its manifest). */
  public void table(String name) {
    String path = Tables.path(config, name);
    if (status("output.root", path + "/" + AtomicOutput.MANIFEST) == null) {
      throw new ConfigException("output.root: no complete '" + name + "' table at " + path
          + " (run the stage that writes it first)");
    }
  }

  /**
   * The stage's target {@code output.root/<table>} is absent or this tool's own output, unless
   * output.overwrite: nothing a user put there is replaced.
   */
  public void output(String table) {
    String path = Tables.path(config, table);
    try {
      Path p = new Path(path);
      AtomicOutput.checkReplaceable(p.getFileSystem(hadoop), p, config.get(SomConfigKeys.OUTPUT_OVERWRITE));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("output.root: cannot check " + path + ": " + e.getMessage());
    }
  }

  /**
   * No input folder of {@code sources} is the output root or lies in a folder the command
   * writes ({@code tables}, and {@code _staging}), and the output root is not inside an input
   * folder: a stage replacing its table must never delete input images or annotations.
   */
  public void inputsOutside(List<InputSource> sources, java.util.Collection<String> tables) {
    String root = qualified("output.root", config.get(SomConfigKeys.OUTPUT_ROOT));
    java.util.Set<String> written = new java.util.TreeSet<>();
    written.add("_staging");
    for (String t : tables) {
      written.add(t.contains("/") ? t.substring(0, t.indexOf('/')) : t);
    }
    for (int i = 0; i < sources.size(); i++) {
      InputSource s = sources.get(i);
      String[][] inputs = {{"annotations", s.annotations()}, {"images", s.images()}};
      for (String[] in : inputs) {
        String key = "input.sources[" + i + "]." + in[0];
        String q = qualified(key, in[1]);
        if (q.equals(root) || inside(root, q)) {
          throw new ConfigException("output.root: " + root + " is or lies inside the input folder " + key + " ("
              + in[1] + "); choose an output root outside the inputs");
        }
        for (String t : written) {
          String table = root + "/" + t;
          if (q.equals(table) || inside(q, table)) {
            throw new ConfigException(key + ": " + in[1] + " lies inside " + table + ", which this command replaces;"
                + " move the input or choose another output.root");
          }
        }
      }
    }
  }

  private static boolean inside(String child, String parent) {
    return child.startsWith(parent.endsWith("/") ? parent : parent + "/");
  }

  private String qualified(String key, String path) {
    try {
      Path p = new Path(path);
      String q = p.getFileSystem(hadoop).makeQualified(p).toString();
      return q.endsWith("/") && q.length() > 1 && !q.endsWith(":/") ? q.substring(0, q.length() - 1) : q;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(key + ": cannot resolve " + path + ": " + e.getMessage());
    }
  }

  /** The model folder exists (built-in models always do). */
  public void model(ModelSpec model) {
    String uri = model.uri();
    if (uri.startsWith("builtin:")) {
      String name = uri.substring("builtin:".length());
      if (Preflight.class.getClassLoader().getResource("models/" + name + "/config.json") == null) {
        throw new ConfigException("vlm.model: no built-in model named '" + name + "'");
      }
      return;
    }
    FileStatus st = status("vlm.model", uri);
    if (st == null || !st.isDirectory()) {
      throw new ConfigException("vlm.model: not a model folder: " + uri);
    }
  }

  /** The prompt pool is readable and valid; returns its bytes (what executors receive). */
  public byte[] prompts(ExportConf export) {
    String ref = export.prompts();
    byte[] yaml;
    try {
      yaml = Resources.read(ref, BUILTIN_PROMPTS, hadoop);
    } catch (java.io.FileNotFoundException e) {
      throw new ConfigException(SomConfigKeys.EXPORT_PROMPTS.name() + ": file not found: " + ref);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(SomConfigKeys.EXPORT_PROMPTS.name() + ": cannot read " + ref + ": " + e.getMessage());
    }
    try {
      PromptPool.parse(ref, new ByteArrayInputStream(yaml));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(SomConfigKeys.EXPORT_PROMPTS.name() + ": " + ref + " is not a valid prompt pool: "
          + e.getMessage());
    }
    return yaml;
  }

  /** With eval.match=synonyms, the synonym table is readable and valid. */
  public void synonyms(EvalConf eval) {
    if (eval.exactMatch()) {
      return;
    }
    String ref = eval.synonyms();
    byte[] yaml;
    try {
      yaml = Resources.read(ref, Synonyms.BUILTIN, hadoop);
    } catch (java.io.FileNotFoundException e) {
      throw new ConfigException(SomConfigKeys.EVAL_SYNONYMS.name() + ": file not found: " + ref);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(SomConfigKeys.EVAL_SYNONYMS.name() + ": cannot read " + ref + ": " + e.getMessage());
    }
    try {
      Synonyms.load(new ByteArrayInputStream(yaml));
    } catch (RuntimeException e) {
      // one line: a parser's message may quote the whole offending input over several lines
      throw new ConfigException(SomConfigKeys.EVAL_SYNONYMS.name() + ": " + ref + " is not a valid synonym table: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  public Configuration hadoop() {
    return hadoop;
  }

  private FileStatus status(String key, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoop).getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      return null;
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(key + ": cannot check " + path + ": " + e.getMessage());
    }
  }
}
