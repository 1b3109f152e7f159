package io.somspark.config;

/** A bad key or value in the configuration; the message names the key and where it came from. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
