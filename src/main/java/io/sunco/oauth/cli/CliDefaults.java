package io.sunco.oauth.cli;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.Timeouts;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults taken from the library's constants rather than copied into annotations (which only take
 * constant expressions): {@code --base-url} is {@link SunshineOAuthClient#OAUTH_BRIDGE}; {@code
 * --timeout} of a single call is {@link Timeouts#DEFAULT_CALL}. Help shows them as {@code
 * ${DEFAULT-VALUE}}.
 */
final class CliDefaults implements IDefaultValueProvider {

  @Override
  public @Nullable String defaultValue(ArgSpec argument) {
    // An option's own defaultValue (login's 5m wait, for one) wins over these.
    if (!(argument instanceof OptionSpec option) || option.defaultValue() != null) {
      return null;
    }
    return switch (option.longestName()) {
      case Options.BASE_URL -> SunshineOAuthClient.OAUTH_BRIDGE.toString();
      case Options.TIMEOUT -> Durations.format(Timeouts.DEFAULT_CALL);
      default -> null;
    };
  }
}
