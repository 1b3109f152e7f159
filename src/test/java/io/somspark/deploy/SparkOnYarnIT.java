package io.somspark.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somspark.corpus.ShapesCorpus;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * som-spark on a real YARN cluster, submitted the way a user submits it: {@code
 * submit/spark-submit.sh --master yarn ... run --config hdfs://...} with the shaded jar. A
 * MiniDFSCluster and a MiniYARNCluster (ResourceManager + one NodeManager) run in this JVM; a
 * stand-in SPARK_HOME provides what a cluster's Spark install does ({@code bin/spark-submit}
 * and {@code conf/spark-defaults.conf} with Spark's jars, but none of the application's
 * libraries, so the shaded jar must carry them). The driver runs in the application master's
 * container (cluster mode; client mode on request), the executors in YARN containers, and the
 * corpus, the config file and every table live in HDFS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkOnYarnIT {
  static final int IMAGES = 6;
  static final int EXECUTORS = 2;
  static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(6);
  // cluster (default, what EMR steps and Airflow use): the driver in the AM's container;
  // client (-Dsom.it.deploy-mode=client): the driver in the spark-submit process.
  static final String DEPLOY_MODE = System.getProperty("som.it.deploy-mode", "cluster");
  static final List<String> STAGES = List.of("ingest", "tag", "caption", "export", "eval");
  // Report lines the run command prints: "tag   6 in   6 ok   0 failed   1.2 s  -> hdfs://...".
  static final Pattern REPORT = Pattern.compile(
      "(?m)^(\\S+)\\s+(\\d+) in\\s+(\\d+) ok\\s+(\\d+) failed\\s+[\\d.]+ s\\s+-> (\\S+)$");
  // Jars that stay off the stand-in Spark install's classpath: the application's own libraries
  // (on a cluster they exist only inside the shaded jar) and what only the tests and the mini
  // clusters in this JVM use.
  static final List<String> NOT_ON_CLUSTER = List.of("/org/bytedeco/", "/ai/djl/", "/com/microsoft/onnxruntime/",
      "/info/picocli/", "/org/jfree/", "/com/fasterxml/jackson/dataformat/", "/org/yaml/snakeyaml/",
      "/org/junit/", "/org/assertj/", "/org/opentest4j/", "/org/apiguardian/",
      "/hadoop-client-minicluster/", "/com/sun/jersey/", "/org/bouncycastle/", "/javax/xml/bind/",
      "/com/sun/xml/bind/", "/org/codehaus/jackson/", "/com/google/inject/");

  @TempDir
  static Path work;
  static MiniDFSCluster dfs;
  static MiniYARNCluster yarn;
  static FileSystem fs;
  static String hdfs;
  static ShapesCorpus.Summary corpus;
  static Submission submission;
  static List<ApplicationReport> apps;
  static List<Path> containers;
  static String driverOutput;
  static Map<String, Report> reports;

  record Submission(int exitCode, String output, Duration took) {}

  record Report(long input, long ok, long failed, String output) {}

  @BeforeAll
  @Timeout(value = 9, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  static void submitTheRunCommandToYarn() throws Exception {
    Path local = work.resolve("shapes");
    corpus = ShapesCorpus.write(local, IMAGES, 1);
    long t0 = System.nanoTime();
    startClusters();
    System.out.printf("SparkOnYarnIT: HDFS + YARN up in %.1f s; logs in %s%n", (System.nanoTime() - t0) / 1e9,
        yarn.getTestWorkDir());

    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/in/shapes"));
    String config = String.join("\n",
        "input:",
        "  sources:",
        "    - name: shapes",
        "      annotations: " + hdfs + "/in/shapes/annotations.json",
        "      images: " + hdfs + "/in/shapes/images",
        "output:",
        "  root: " + hdfs + "/out",
        "spark:",
        "  images-per-partition: 2",
        "eval:",
        "  match: exact",
        "");
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/conf/shapes.yaml"))) {
      out.write(config.getBytes(StandardCharsets.UTF_8));
    }

    submission = submit(List.of("--master", "yarn", "--deploy-mode", DEPLOY_MODE,
        "--num-executors", String.valueOf(EXECUTORS), "--executor-cores", "1", "--executor-memory", "512m",
        "run", "--config", hdfs + "/conf/shapes.yaml"));
    System.out.printf("SparkOnYarnIT: spark-submit (%s mode) took %.1f s, exit %d%n", DEPLOY_MODE,
        submission.took().toMillis() / 1e3, submission.exitCode());

    try (YarnClient client = YarnClient.createYarnClient()) {
      client.init(yarn.getConfig());
      client.start();
      apps = client.getApplications(EnumSet.allOf(YarnApplicationState.class));
    }
    // Container logs stay on the NodeManager (no log aggregation), one folder per container;
    // the application master's is the first.
    containers = new ArrayList<>();
    for (ApplicationReport app : apps) {
      for (String dir : yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
        Path appLogs = Path.of(dir, app.getApplicationId().toString());
        if (Files.isDirectory(appLogs)) {
          try (Stream<Path> s = Files.list(appLogs)) {
            s.sorted().forEach(containers::add);
          }
        }
      }
    }
    // The command's report lines go to the driver's stdout: spark-submit's own in client mode,
    // the application master container's in cluster mode.
    driverOutput = DEPLOY_MODE.equals("client") || containers.isEmpty()
        ? submission.output() : read(containers.get(0).resolve("stdout"));
    reports = new LinkedHashMap<>();
    Matcher m = REPORT.matcher(driverOutput);
    while (m.find()) {
      reports.put(m.group(1), new Report(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)), m.group(5)));
    }
  }

  @AfterAll
  static void stopClusters() throws IOException {
    if (yarn != null) {
      yarn.stop();
    }
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  @Test
  @Order(1)
  void theRunCommandSucceedsAndEveryStageAccountsForEveryImage() {
    assertThat(submission.exitCode()).as(tail(submission.output())).isZero();
    assertThat(reports.keySet()).as(tail(driverOutput)).containsExactlyElementsOf(STAGES);
    reports.forEach((stage, r) -> {
      assertThat(r.input()).as(stage).isEqualTo(IMAGES);
      assertThat(r.ok()).as(stage).isEqualTo(IMAGES);
      assertThat(r.failed()).as(stage).isZero();
      assertThat(r.output()).as(stage).startsWith(hdfs + "/out/");
    });
  }

  @Test
  @Order(2)
  void everyTableIsInHdfsWithAManifestThatMatchesTheReport() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (Map.Entry<String, Report> e : reports.entrySet()) {
      org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(e.getValue().output() + "/_manifest.json");
      assertThat(fs.exists(manifest)).as(manifest.toString()).isTrue();
      try (InputStream in = fs.open(manifest)) {
        JsonNode m = json.readTree(in);
        assertThat(m.get("stage").asText()).isEqualTo(e.getKey());
        assertThat(m.get("input").asLong()).as(e.getKey()).isEqualTo(e.getValue().input());
        assertThat(m.get("ok").asLong() + m.get("failed").asLong()).as(e.getKey()).isEqualTo(IMAGES);
      }
    }
    for (String table : List.of("regions", "tagged", "listings", "llava")) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path("/out/" + table + "/_manifest.json"))).as(table).isTrue();
    }
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/out/_staging"))).isFalse();
  }

  @Test
  @Order(3)
  void theLlavaListingsNameEveryShapeTheCorpusDrew() throws IOException {
    JsonNode records;
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/out/llava/som_listing.json"))) {
      records = new ObjectMapper().readTree(in);
    }
    assertThat(records.size()).isEqualTo(IMAGES);
    Map<String, Integer> named = new TreeMap<>();
    for (JsonNode rec : records) {
      String listing = rec.get("conversations").get(1).get("value").asText();
      String[] items = listing.split("\n");
      for (int i = 0; i < items.length; i++) {
        assertThat(items[i]).startsWith((i + 1) + ". ");
        named.merge(items[i].substring(items[i].indexOf(". ") + 2), 1, Integer::sum);
      }
      String image = rec.get("image").asText();
      assertThat(fs.exists(new org.apache.hadoop.fs.Path("/out/llava/" + image))).as(image).isTrue();
    }
    Map<String, Integer> drawn = new TreeMap<>();
    corpus.annotationsPerCategory().forEach((category, n) -> {
      if (n > 0) {
        drawn.put(category, n);
      }
    });
    assertThat(named).isEqualTo(drawn);
    assertThat(named.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(corpus.annotations());
  }

  @Test
  @Order(4)
  void theApplicationRanInYarnContainersAndSucceeded() {
    assertThat(apps).hasSize(1);
    ApplicationReport app = apps.get(0);
    assertThat(app.getName()).isEqualTo("som-spark-run");
    assertThat(app.getApplicationType()).isEqualTo("SPARK");
    assertThat(app.getYarnApplicationState()).isEqualTo(YarnApplicationState.FINISHED);
    assertThat(app.getFinalApplicationStatus()).as(app.getDiagnostics()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
    assertThat(submission.output()).contains("Submitted application " + app.getApplicationId());

    // The application master's container plus one per executor, and executors ran the tasks.
    assertThat(containers).hasSize(1 + EXECUTORS);
    long executorsThatRanTasks = containers.stream()
        .map(c -> read(c.resolve("stderr")))
        .filter(log -> log.contains("CoarseGrainedExecutorBackend") && log.contains("Running task"))
        .count();
    assertThat(executorsThatRanTasks).isPositive();
  }

  // ---- cluster and submission plumbing ----

  static void startClusters() throws Exception {
    Configuration conf = new Configuration();
    conf.set("hadoop.tmp.dir", work.resolve("hadoop-tmp").toString());
    dfs = new MiniDFSCluster.Builder(conf, work.resolve("dfs").toFile()).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    hdfs = fs.getUri().toString();

    YarnConfiguration yc = new YarnConfiguration(conf);
    yc.set("fs.defaultFS", hdfs);
    // hadoop-client-minicluster ships no capacity-scheduler.xml: one queue that takes everything.
    yc.set("yarn.scheduler.capacity.root.queues", "default");
    yc.set("yarn.scheduler.capacity.root.default.capacity", "100");
    yc.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    yc.set("yarn.scheduler.capacity.root.default.user-limit-factor", "1");
    yc.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    yc.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    yc.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    yc.set("yarn.scheduler.capacity.node-locality-delay", "-1");
    yc.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
    // A small node: AM + executors of a few hundred MB each fit; a full disk must not make it
    // unhealthy; Java 17's virtual memory and the natives' off-heap memory must not get
    // containers killed.
    yc.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    yc.setInt(YarnConfiguration.NM_VCORES, 4);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    yc.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    yc.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    yc.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
    // Containers run "$JAVA_HOME/bin/java": a real NodeManager has JAVA_HOME in its environment.
    yc.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));

    yarn = new MiniYARNCluster("SparkOnYarnIT", 1, 1, 1);
    yarn.init(yc);
    yarn.start();
    // start() can return before the ResourceManager has put its real port in the configuration.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ResourceManager did not publish its address");
      }
      Thread.sleep(100);
    }
    if (!yarn.waitForNodeManagersToConnect(30_000)) {
      throw new IllegalStateException("NodeManager did not register");
    }
  }

  /** Runs submit/spark-submit.sh against a stand-in Spark install; output and exit code. */
  static Submission submit(List<String> args) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Path script = root.resolve("submit/spark-submit.sh");
    Path jar = Path.of(System.getProperty("som.jar", root.resolve("target/som-spark-0.1.0-SNAPSHOT.jar").toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no shaded jar at " + jar + " (run mvn package first)");
    }

    Path confDir = work.resolve("hadoop-conf");
    Files.createDirectories(confDir);
    // What a cluster's client configuration holds: the file system and the ResourceManager's
    // addresses (not the mini clusters' own settings, some of which name test-only classes).
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", hdfs);
    writeXml(core, confDir.resolve("core-site.xml"));
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : yarn.getConfig()) {
      if (e.getKey().startsWith("yarn.resourcemanager.")) {
        site.set(e.getKey(), e.getValue());
      }
    }
    writeXml(site, confDir.resolve("yarn-site.xml"));

    Path sparkHome = standInSparkHome(clusterClasspath(jar));
    // Beside the containers' logs (target/test/data/SparkOnYarnIT/...), kept after the run.
    Path log = yarn.getTestWorkDir().toPath().resolve("spark-submit.log");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.remove("SPARK_SUBMIT");
    env.remove("SPARK_CONF_DIR");
    env.remove("YARN_CONF_DIR");
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("HADOOP_CONF_DIR", confDir.toString());
    env.put("SOM_SPARK_JAR", jar.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_LOCAL_IP", "127.0.0.1"); // the driver binds and advertises loopback only

    long t0 = System.nanoTime();
    Process p = pb.start();
    int exit;
    if (p.waitFor(SUBMIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      exit = p.exitValue();
    } else {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      exit = -1;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    String output = read(log);
    if (exit != 0) {
      System.out.println(output);
    }
    return new Submission(exit, output, took);
  }

  /**
   * The classpath a cluster's Spark install has: Spark, Hadoop and their dependencies (here,
   * the test classpath without this project's classes and libraries).
   */
  static List<String> clusterClasspath(Path jar) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> out = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      String path = e.replace(File.separatorChar, '/');
      boolean own = path.endsWith("/target/classes") || path.endsWith("/target/test-classes")
          || Path.of(e).toAbsolutePath().equals(jar.toAbsolutePath())
          || NOT_ON_CLUSTER.stream().anyMatch(path::contains);
      if (!e.isEmpty() && !own) {
        out.add(e);
      }
    }
    if (out.stream().noneMatch(e -> e.contains("spark-yarn_"))) {
      throw new IllegalStateException("spark-yarn is not on the test classpath: " + cp);
    }
    return out;
  }

  /**
   * A stand-in SPARK_HOME: {@code bin/spark-submit} starts SparkSubmit the way Spark's launcher
   * does (Spark's jars and HADOOP_CONF_DIR on the classpath, the Java 17 opens), and {@code
   * conf/spark-defaults.conf} holds what a cluster admin sets. Spark's jars are already on the
   * node, so {@code spark.yarn.jars} names an empty local file and the containers get the same
   * classpath from {@code extraClassPath} (what Spark's own YARN suite does).
   */
  static Path standInSparkHome(List<String> classpath) throws IOException {
    Path home = work.resolve("spark-home");
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("conf"));
    String cp = String.join(File.pathSeparator, classpath);
    Files.writeString(home.resolve("classpath.txt"), cp);
    Path emptyJar = Files.createFile(home.resolve("spark-jars-on-the-nodes.jar"));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path submit = home.resolve("bin/spark-submit");
    Files.writeString(submit, String.join("\n",
        "#!/usr/bin/env bash",
        "# Stand-in for a Spark install's bin/spark-submit (see SparkOnYarnIT).",
        "home=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")/..\" && pwd)\"",
        "exec '" + java + "' -Xmx1g " + String.join(" ", opens())
            + " -cp \"$HADOOP_CONF_DIR:$(cat \"$home/classpath.txt\")\" org.apache.spark.deploy.SparkSubmit \"$@\"",
        ""));
    submit.toFile().setExecutable(true);

    Properties defaults = new Properties();
    defaults.setProperty("spark.yarn.jars", "local:" + emptyJar);
    defaults.setProperty("spark.driver.extraClassPath", cp); // also the AM's classpath in client mode
    defaults.setProperty("spark.executor.extraClassPath", cp);
    // One machine: everything talks over loopback.
    defaults.setProperty("spark.driver.host", "127.0.0.1");
    defaults.setProperty("spark.driver.bindAddress", "127.0.0.1");
    defaults.setProperty("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    defaults.setProperty("spark.yarn.appMasterEnv.SPARK_LOCAL_IP", "127.0.0.1");
    defaults.setProperty("spark.ui.enabled", "false");
    // A failure should surface at once, not after a second attempt.
    defaults.setProperty("spark.yarn.maxAppAttempts", "1");
    defaults.setProperty("spark.yarn.am.memory", "384m");
    try (Writer w = Files.newBufferedWriter(home.resolve("conf/spark-defaults.conf"))) {
      defaults.store(w, "stand-in cluster defaults (SparkOnYarnIT)");
    }
    return home;
  }

  /** The module opens this JVM runs with (the pom's spark.opens), for the stand-in driver JVM. */
  static List<String> opens() {
    List<String> opens = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens"))
        .collect(Collectors.toList());
    if (opens.isEmpty()) {
      throw new IllegalStateException("run with the pom's spark.opens (failsafe's argLine)");
    }
    return opens;
  }

  static void writeXml(Configuration conf, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    }
  }

  static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String tail(String s) {
    return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
  }
}
