/** Implementation of the VLM runtime: folder parsing, preprocessing, backends, decoding loops. */
package io.somspark.vlm.internal;
