package io.somspark.cli;

import io.somspark.config.DefaultsYaml;
import io.somspark.config.SomConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print the resolved configuration, or (--defaults) every key with its default as YAML.")
final class ConfigCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--defaults", description = "Print conf/default.yaml as generated from the key registry.")
  boolean defaults;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (defaults) {
      spec.commandLine().getOut().print(DefaultsYaml.render());
    } else {
      SomConfig config = options.load(List.of());
      JobCommand.printConfig(spec.commandLine().getOut(), config);
    }
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
