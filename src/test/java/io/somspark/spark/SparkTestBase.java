package io.somspark.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * The one local SparkSession all Spark tests share (created once per test JVM, stopped at exit):
 * starting Spark costs seconds, and every job must work on a session it did not create.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("som-spark-tests")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
  }
}
