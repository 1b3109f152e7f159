/**
 * Evaluation core: pure Java scorers that read JSON Lines / text from {@code InputStream}s line
 * by line, report every unusable line with its number ({@link io.somspark.eval.LineIssue}), and
 * return Jackson-serialisable metrics records plus per-item records.
 *
 * <ul>
 *   <li>{@link io.somspark.eval.ListingScorer}: "list items one by one" answers vs. marks.
 *   <li>{@link io.somspark.eval.PopeScorer}: POPE, normalisation of POPE's evaluate.py.
 *   <li>{@link io.somspark.eval.MmeScorer}: MME, as the official eval tool's calculation.py.
 *   <li>{@link io.somspark.eval.SeedScorer}: SEED-Bench image questions, option letter accuracy.
 *   <li>{@link io.somspark.eval.ReportWriter}: HTML + Markdown report of one or more runs, laid
 *       out as {@code <run>/<listing|pope|mme|seed>/metrics.json}.
 * </ul>
 *
 * Metrics JSON is written by {@link io.somspark.eval.MetricsJson}: snake_case keys in record
 * declaration order, fractions as doubles, 0.0 for undefined ratios.
 */
package io.somspark.eval;
