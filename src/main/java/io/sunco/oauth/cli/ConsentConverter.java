package io.sunco.oauth.cli;

import io.sunco.oauth.emulator.ConsentMode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code emulator --consent}: {@code auto}, {@code interactive} or {@code deny}, in any case.
 */
final class ConsentConverter implements ITypeConverter<ConsentMode> {

  static final String AUTO = "auto";
  static final String INTERACTIVE = "interactive";
  static final String DENY = "deny";

  @Override
  public ConsentMode convert(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case AUTO -> ConsentMode.AUTOMATIC;
      case INTERACTIVE -> ConsentMode.INTERACTIVE;
      case DENY -> ConsentMode.DENY;
      default ->
          throw new TypeConversionException(
              "'"
                  + value
                  + "' is not a consent mode: use "
                  + AUTO
                  + ", "
                  + INTERACTIVE
                  + " or "
                  + DENY);
    };
  }

  /** The values help lists. */
  static final class Values implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of(AUTO, INTERACTIVE, DENY).iterator();
    }
  }
}
