package io.somspark.eval;

/**
 * How one listed item (or one unlisted truth tag) was judged. {@code status} is one of
 * {@code right}, {@code wrong} (tag in the truth, text does not match), {@code hallucinated} (tag
 * not in the truth), {@code duplicate} (tag already listed earlier; only the first listing is
 * judged) or {@code missing} (truth tag never listed; {@code text} is null). {@code expected} is
 * the truth category (or label in exact mode), null for hallucinated tags.
 */
public record ListingItemOutcome(int tag, String text, String expected, String status) {}
