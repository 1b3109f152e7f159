package io.somspark.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses and validates {@code input.sources}. */
final class InputSources {
  private InputSources() {}

  static List<InputSource> parse(Object raw) {
    if (raw == null) {
      return List.of();
    }
    List<?> entries = raw instanceof List<?> l ? l : List.of(raw);
    List<InputSource> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("entry " + i + " must be a map with annotations and images");
      }
      for (Object k : m.keySet()) {
        if (!Set.of("name", "format", "annotations", "images").contains(String.valueOf(k))) {
          throw new IllegalArgumentException("entry " + i + " has unknown key '" + k
              + "' (known: name, format, annotations, images)");
        }
      }
      String annotations = str(m.get("annotations"));
      String images = str(m.get("images"));
      if (annotations.isEmpty()) {
        throw new IllegalArgumentException("entry " + i + " needs 'annotations'");
      }
      if (images.isEmpty()) {
        throw new IllegalArgumentException("entry " + i + " needs 'images'");
      }
      String format = str(m.get("format"));
      if (format.isEmpty()) {
        format = "coco";
      }
      if (!format.equals("coco") && !format.equals("sa1b") && !format.equals("png-masks")) {
        throw new IllegalArgumentException("entry " + i + ": format must be coco, sa1b or png-masks, got '"
            + format + "'");
      }
      String name = str(m.get("name"));
      if (name.isEmpty()) {
        name = stem(annotations);
      }
      if (!name.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("entry " + i + ": name '" + name
            + "' may only use letters, digits, '_', '.' and '-'");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException("entry " + i + ": name '" + name + "' is used twice");
      }
      out.add(new InputSource(name, format, annotations, images));
    }
    return List.copyOf(out);
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString().trim();
  }

  static String stem(String path) {
    String p = path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String file = p.substring(p.lastIndexOf('/') + 1);
    int dot = file.indexOf('.');
    String stem = dot > 0 ? file.substring(0, dot) : file;
    return stem.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
