package org.xpush.server.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xpush.server.config.ConfigLoader;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.config.Setting;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds one {@code --flag} per {@link Setting} (and {@code --config FILE}) to a command, and loads the
 * configuration from defaults, file, environment and the flags given.
 */
final class SettingsOptions {

    private SettingsOptions() {}

    static void addTo(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("--config")
                .paramLabel("FILE")
                .type(Path.class)
                .description("configuration file (default: xpush.yml in the working directory, if present)")
                .build());
        for (Setting s : Setting.values()) {
            String dflt = s.defaultValue() == null ? "" : " (default: " + s.defaultValue() + ")";
            spec.addOption(OptionSpec.builder("--" + s.key())
                    .paramLabel("VALUE")
                    .type(String.class)
                    .description(s.description() + dflt + "; env " + s.environmentVariable())
                    .build());
        }
    }

    /** The configuration for this invocation. */
    static ServerConfig load(CommandSpec spec) {
        ConfigLoader loader = new ConfigLoader();
        Path file = spec.findOption("--config").getValue();
        if (file != null) {
            loader.file(file);
        } else {
            loader.defaultFileIfPresent();
        }
        loader.environment(System.getenv());
        Map<String, String> flags = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String v = spec.findOption("--" + s.key()).getValue();
            if (v != null) flags.put(s.key(), v);
        }
        return loader.flags(flags).load();
    }
}
