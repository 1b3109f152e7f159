package io.somspark.config;

import java.io.Serializable;

/**
 * One annotated image collection to ingest.
 *
 * @param name short name kept in every row (`source` column) so ids from several collections
 *     never collide; defaults to the annotation file's stem
 * @param format {@code coco} (an instances or results JSON file), {@code sa1b} (a folder of
 *     per-image JSON files) or {@code png-masks} (a folder of instance-id PNGs, one per image)
 * @param annotations a Hadoop path or URI (local, hdfs://, s3a://, gs://)
 * @param images the folder the annotations' file names are relative to
 */
public record InputSource(String name, String format, String annotations, String images)
    implements Serializable {}
