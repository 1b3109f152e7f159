package io.somspark.config;

/** Shared checks of the per-stage views: each failure names the key and where it was set. */
final class Views {
  private Views() {}

  static ConfigException invalid(SomConfig c, ConfigKey<?> key, String why) {
    return new ConfigException(key.name() + " (from " + c.origin(key.name()) + "): " + why);
  }

  /**
   * A path relative to an output folder that stays inside it: not empty, not absolute, no
   * scheme, no {@code .} or {@code ..} segment, no control characters.
   */
  static String relativeInside(SomConfig c, ConfigKey<String> key, String what) {
    String v = c.get(key);
    String why = null;
    if (v.isBlank()) {
      why = "must not be empty";
    } else if (v.startsWith("/") || v.startsWith("\\") || v.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      why = "must be a relative path inside " + what + ", got '" + v + "'";
    } else if (v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '\\')) {
      why = "must not contain control characters or backslashes";
    } else {
      for (String seg : v.split("/", -1)) {
        if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
          why = "must be a relative path inside " + what + " without empty, '.' or '..' parts, got '" + v + "'";
          break;
        }
      }
    }
    if (why != null) {
      throw invalid(c, key, why);
    }
    return v;
  }

  /** A plain file name (one relative segment). */
  static String fileName(SomConfig c, ConfigKey<String> key, String what) {
    String v = relativeInside(c, key, what);
    if (v.contains("/")) {
      throw invalid(c, key, "must be a file name without folders, got '" + v + "'");
    }
    return v;
  }
}
