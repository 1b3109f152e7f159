package io.somspark.mask;

/**
 * An annotation (or image / category entry) that was skipped, with why. Ids are -1 when
 * unknown. The stream goes on after it.
 */
public record MalformedAnnotation(long annotationId, long imageId, String reason) {}
