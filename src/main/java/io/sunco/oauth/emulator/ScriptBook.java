package io.sunco.oauth.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The queue of {@link ScriptedResponse}s. Guarded by its own monitor: short critical sections only,
 * and a contended monitor is not a blocking call in BlockHound's sense.
 */
final class ScriptBook {

  private static final class Entry {
    final ScriptedResponse script;
    int remaining;

    Entry(ScriptedResponse script) {
      this.script = script;
      this.remaining = script.timesValue();
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private final Random random;

  ScriptBook(Random random) {
    this.random = random;
  }

  synchronized void add(ScriptedResponse script) {
    entries.add(new Entry(script));
  }

  synchronized void clear() {
    entries.clear();
  }

  synchronized int size() {
    return entries.size();
  }

  /**
   * The script for a request to {@code path}: the first queued one that matches the path and wins
   * its probability draw; it is used up after its {@code times}.
   */
  synchronized Optional<ScriptedResponse> next(String path) {
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (!entry.script.appliesTo(path)) {
        continue;
      }
      double p = entry.script.probabilityValue();
      if (p < 1.0 && random.nextDouble() >= p) {
        continue;
      }
      if (entry.remaining != ScriptedResponse.UNLIMITED && --entry.remaining == 0) {
        it.remove();
      }
      return Optional.of(entry.script);
    }
    return Optional.empty();
  }
}
