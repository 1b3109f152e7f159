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

  /** The report a completed table's manifest records (for a stage skipped as up to date). */
  @SuppressWarnings("unchecked")
  public static StageReport fromManifest(Map<String, Object> m, String output) {
    Map<String, Long> failures = new TreeMap<>();
    if (m.get("failures") instanceof Map<?, ?> f) {
      f.forEach((k, v) -> failures.put(String.valueOf(k), ((Number) v).longValue()));
    }
    Map<String, Object> figures = m.get("figures") instanceof Map<?, ?> g ? (Map<String, Object>) g : Map.of();
    return new StageReport(String.valueOf(m.get("stage")), ((Number) m.get("input")).longValue(),
        ((Number) m.get("ok")).longValue(), ((Number) m.get("failed")).longValue(), failures, output, 0, figures);
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
