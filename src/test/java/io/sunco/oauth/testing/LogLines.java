package io.sunco.oauth.testing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a JDK logger (Reactor's logging falls back to it in the tests) writes at FINE
 * (Reactor's DEBUG) and above while some code runs.
 */
public final class LogLines {

  private LogLines() {}

  /**
   * Runs {@code body} with the logger at FINE and returns each line written, as the message
   * template followed by its parameters (so that a value passed as a parameter is in the line).
   *
   * @param loggerName the logger, or a parent of it
   * @param body what to run
   * @return the lines, in order
   */
  public static List<String> during(String loggerName, Runnable body) {
    return withLevels(loggerName, body).stream().map(Line::text).toList();
  }

  /** One line written: its level, and its text as {@link #during} gives it. */
  public record Line(Level level, String text) {}

  /**
   * Like {@link #during}, with each line's level.
   *
   * @param loggerName the logger, or a parent of it
   * @param body what to run
   * @return the lines, in order
   */
  public static List<Line> withLevels(String loggerName, Runnable body) {
    Logger logger = Logger.getLogger(loggerName);
    List<Line> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            Object[] parameters = record.getParameters();
            lines.add(
                new Line(
                    record.getLevel(),
                    record.getMessage()
                        + (parameters == null ? "" : " " + Arrays.asList(parameters))));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(capture);
    try {
      body.run();
    } finally {
      logger.removeHandler(capture);
      logger.setLevel(level);
    }
    return lines;
  }
}
