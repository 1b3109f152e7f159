package io.somspark.caption;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "list items one by one" text format: {@code "1. person\n2. cat"}.
 *
 * <p>{@link #format} writes one item per line as {@code <tag>. <text>}. {@link #parse} reads numbered
 * items back from free model output and accepts:
 *
 * <ul>
 *   <li>markers at the start of a line (after optional spaces, a bullet {@code - * •}, markdown
 *       bold {@code **}, or one of the words mark/tag/region/label): {@code 1. x}, {@code 1) x},
 *       {@code 1: x}, {@code (1) x}, {@code [1] x}, {@code 1 - x} (also en/em dash);
 *   <li>markers inside a line, so several items may share one line ({@code 1. cat 2. dog}): the
 *       forms {@code N.} {@code N)} {@code N:} {@code (N)} {@code [N]}, preceded by whitespace, ',' or
 *       ';' and followed by whitespace. {@code 3.5} or {@code 2 dogs} are not markers;
 *   <li>tag numbers of 1 to 3 digits, in any order, repeated or not (scoring judges order and
 *       duplicates, parsing keeps everything in the order written);
 *   <li>leading prose (text before the first marker is dropped), blank lines, and a line without a
 *       marker directly under an item (appended to that item, as a wrapped line); after a blank
 *       line, unmarked lines are prose and are dropped;
 *   <li>item text is trimmed of whitespace, trailing {@code . , ; :}, and surrounding markdown
 *       emphasis or quotes; an item may be empty ("3." at the end of a cut-off answer).
 * </ul>
 */
public final class Listing {
  private Listing() {}

  private static final String NUM = "(\\d{1,3})";
  // Forms allowed at the start of a line; group 1..4 hold the number of whichever form matched.
  private static final Pattern LINE_START = Pattern.compile(
      "^\\s*(?:[-*•]\\s+)?(?:\\*\\*|__)?(?:(?:mark|tag|region|label)\\s*)?"
          + "(?:\\(" + NUM + "\\)|\\[" + NUM + "\\]|" + NUM + "[.):](?!\\d)|" + NUM + "\\s+[-–—](?=\\s))"
          + "(?:\\*\\*|__)?",
      Pattern.CASE_INSENSITIVE);
  // Forms allowed inside a line: must stand alone between separators.
  private static final Pattern INLINE = Pattern.compile(
      "(?<=[\\s,;])(?:\\*\\*)?(?:\\(" + NUM + "\\)|\\[" + NUM + "\\]|" + NUM + "[.):](?!\\d))(?:\\*\\*)?(?=\\s)");

  // An item marker inside an item's text, with the whitespace after it.
  private static final Pattern MARKER_IN_TEXT = Pattern.compile(
      "(?<=^|[\\s,;])((?:\\*\\*)?(?:\\(\\d{1,3}\\)|\\[\\d{1,3}\\]|\\d{1,3}[.):](?!\\d))(?:\\*\\*)?)\\s+");

  /**
   * One item per line, {@code <tag>. <text>}, no trailing newline. Item text is training text
   * ({@link TrainingText#clean}: no line break, control or bidi character), and a marker inside
   * it loses the space after it ({@code "cat 2. dog"} is written {@code "cat 2.dog"}), so
   * {@link #parse} reads exactly these items back: a category named {@code "cat\n2. dog"} is one
   * item, not two.
   */
  public static String format(List<ListingItem> items) {
    StringBuilder sb = new StringBuilder();
    for (ListingItem item : items) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      String text = MARKER_IN_TEXT.matcher(TrainingText.clean(item.text())).replaceAll("$1");
      sb.append(item.tag()).append(". ").append(text);
    }
    return sb.toString();
  }

  /** Reads the numbered items of {@code text} in the order written; see the class comment. */
  public static List<ListingItem> parse(String text) {
    List<ListingItem> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    Integer openTag = null; // item still accepting wrapped lines
    StringBuilder openText = new StringBuilder();
    boolean previousBlank = false;
    for (String line : text.split("\\R", -1)) {
      if (line.isBlank()) {
        previousBlank = true;
        continue;
      }
      List<int[]> marks = markers(line); // {tag, markerStart, textStart}
      if (marks.isEmpty()) {
        if (openTag != null && !previousBlank) {
          openText.append(' ').append(line.strip());
        } else if (openTag != null) {
          // prose after a blank line closes the open item
          out.add(new ListingItem(openTag, clean(openText)));
          openTag = null;
        }
        previousBlank = false;
        continue;
      }
      for (int i = 0; i < marks.size(); i++) {
        if (openTag != null) {
          out.add(new ListingItem(openTag, clean(openText)));
        }
        int[] m = marks.get(i);
        int end = i + 1 < marks.size() ? marks.get(i + 1)[1] : line.length();
        openTag = m[0];
        openText = new StringBuilder(line.substring(m[2], end));
      }
      previousBlank = false;
    }
    if (openTag != null) {
      out.add(new ListingItem(openTag, clean(openText)));
    }
    return out;
  }

  private static List<int[]> markers(String line) {
    List<int[]> marks = new ArrayList<>();
    int from = 0;
    Matcher start = LINE_START.matcher(line);
    if (start.find()) {
      marks.add(new int[] {number(start), start.start(), start.end()});
      from = start.end();
    }
    Matcher inline = INLINE.matcher(line);
    int pos = from;
    while (pos < line.length() && inline.find(pos)) {
      marks.add(new int[] {number(inline), inline.start(), inline.end()});
      pos = inline.end();
    }
    return marks;
  }

  private static int number(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g) != null) {
        return Integer.parseInt(m.group(g));
      }
    }
    throw new IllegalStateException("marker without number");
  }

  private static String clean(CharSequence raw) {
    String s = raw.toString().strip();
    int begin = 0;
    int end = s.length();
    boolean changed = true;
    while (changed && begin < end) {
      changed = false;
      char last = s.charAt(end - 1);
      if (last == '.' || last == ',' || last == ';' || last == ':' || last == '*' || last == '_'
          || last == '"' || last == '\'' || Character.isWhitespace(last)) {
        end--;
        changed = true;
      }
      if (begin < end) {
        char first = s.charAt(begin);
        if (first == '*' || first == '_' || first == '"' || first == '\'' || first == ':'
            || Character.isWhitespace(first)) {
          begin++;
          changed = true;
        }
      }
    }
    return s.substring(begin, end);
  }
}
