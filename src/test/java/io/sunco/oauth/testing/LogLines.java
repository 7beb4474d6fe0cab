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

  /**
   * One line written: its level, its logger, its text as {@link #during} gives it, and the class
   * name of the logged exception ({@code ""} when none).
   */
  public record Line(Level level, String logger, String text, String thrown) {}

  /**
   * Like {@link #during}, with each line's level, logger and exception class.
   *
   * @param loggerName the logger, or a parent of it
   * @param body what to run
   * @return the lines, in order
   */
  public static List<Line> withLevels(String loggerName, Runnable body) {
    return capture(loggerName, Level.FINE, body);
  }

  /**
   * Runs {@code body} and returns each line written at WARNING (Reactor's WARN) or SEVERE (ERROR),
   * as {@link #during(String, Runnable)} gives them, prefixed with the level and the logger and
   * followed by the class of the logged exception, if any.
   *
   * @param loggerName the logger, or a parent of it
   * @param body what to run
   * @return the lines, in order
   */
  public static List<String> warningsDuring(String loggerName, Runnable body) {
    return capture(loggerName, Level.WARNING, body).stream()
        .map(
            line ->
                line.level()
                    + " "
                    + line.logger()
                    + ": "
                    + line.text()
                    + (line.thrown().isEmpty() ? "" : " " + line.thrown()))
        .toList();
  }

  private static List<Line> capture(String loggerName, Level threshold, Runnable body) {
    Logger logger = Logger.getLogger(loggerName);
    List<Line> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() < threshold.intValue()) {
              return;
            }
            Object[] parameters = record.getParameters();
            lines.add(
                new Line(
                    record.getLevel(),
                    String.valueOf(record.getLoggerName()),
                    record.getMessage()
                        + (parameters == null ? "" : " " + Arrays.asList(parameters)),
                    record.getThrown() == null ? "" : record.getThrown().getClass().getName()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = logger.getLevel();
    logger.setLevel(threshold);
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
