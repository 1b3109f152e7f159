package io.somspark.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stage did: rows in, ok and failed (they always add up), failures by kind, where the
 * output went, how long it took and stage-specific figures.
 */
public record StageReport(String stage, long input, long ok, long failed, Map<String, Long> failures,
    String output, long millis, Map<String, Object> figures) {

  public StageReport {
    if (ok + failed != input) {
      throw new IllegalStateException(stage + ": ok " + ok + " + failed " + failed + " != input " + input);
    }
    failures = new TreeMap<>(failures);
    figures = new LinkedHashMap<>(figures);
  }

  /** The manifest written beside the output: no timings, so reruns are byte-identical. */
  public Map<String, Object> manifest(Map<String, Object> config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", stage);
    m.put("input", input);
    m.put("ok", ok);
    m.put("failed", failed);
    m.put("failures", failures);
    m.put("figures", figures);
    m.put("config", config);
    return m;
  }
}
