package io.somspark.caption;

/**
 * The one rule for text that goes into training data (listings, LLaVA JSON): control characters
 * and line breaks become a space, bidirectional overrides, embeddings, isolates and marks are
 * removed (they reorder what a reader sees without changing what a model reads), and the ends
 * are stripped. Category names keep their raw form in the regions and tagged tables; only what
 * is derived from them for training is cleaned.
 */
public final class TrainingText {
  private TrainingText() {}

  /** One line of training text: no line break, control or bidi character. */
  public static String clean(String text) {
    return clean(text, false);
  }

  /**
   * Multi-line training text (a listing): each line cleaned as {@link #clean}, line breaks
   * (CR, LF, CRLF, NEL, U+2028/9) kept as a single {@code \n}.
   */
  public static String cleanLines(String text) {
    return clean(text, true);
  }

  private static String clean(String text, boolean keepLines) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isBidi(c)) {
        continue;
      }
      boolean lineBreak = c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
      if (lineBreak && keepLines) {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        stripEnd(sb);
        sb.append('\n');
      } else if (lineBreak || Character.isISOControl(c)) {
        sb.append(' ');
      } else {
        sb.append(c);
      }
    }
    if (!keepLines) {
      return sb.toString().strip();
    }
    stripEnd(sb);
    return sb.toString();
  }

  private static void stripEnd(StringBuilder sb) {
    int n = sb.length();
    while (n > 0 && sb.charAt(n - 1) != '\n' && Character.isWhitespace(sb.charAt(n - 1))) {
      n--;
    }
    sb.setLength(n);
  }

  /** LRM/RLM/ALM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI. */
  static boolean isBidi(char c) {
    return c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
