package io.sunco.oauth.bench.store;

import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/** What connected apps weigh in Redis, per record (blocking: the main thread only). */
final class RedisSizes {

  private static final Duration BOUND = Duration.ofSeconds(120);

  private RedisSizes() {}

  /**
   * Per record, with only {@code records} records of one client id on the server: the growth of
   * {@code used_memory} since {@code usedBefore}, the sum of {@code MEMORY USAGE} over every key
   * (and its parts: the record keys, the client's app set, the attribute sets, the revision
   * counter), and the average {@code MEMORY USAGE} of one record's key. {@code MEMORY USAGE} of a
   * set samples five of its members, and the members here are all alike.
   */
  static Map<String, Long> of(
      RedisReactiveCommands<byte[], byte[]> commands, long usedBefore, int records) {
    long usedAfter = usedMemory(commands);
    List<Tuple2<byte[], Long>> usage =
        commands
            .keys("*".getBytes(StandardCharsets.US_ASCII))
            // Every key first: a MEMORY USAGE sent while the KEYS answer is still being read
            // waits behind it on the one connection, and Lettuce stops reading that answer
            // while the flatMap has no demand: neither would ever finish.
            .collectList()
            .flatMapMany(Flux::fromIterable)
            .flatMap(key -> commands.memoryUsage(key).map(bytes -> Tuples.of(key, bytes)), 16)
            .collectList()
            .block(BOUND);
    if (usage == null) {
      throw new IllegalStateException("no keys");
    }
    long recordKeys = 0;
    long recordBytes = 0;
    long appSet = 0;
    long attributeSets = 0;
    long counter = 0;
    long other = 0;
    for (Tuple2<byte[], Long> entry : usage) {
      String key = new String(entry.getT1(), StandardCharsets.US_ASCII);
      int base = key.indexOf("}:");
      String kind = base < 0 ? "" : key.substring(base + 2);
      long bytes = entry.getT2();
      if (kind.startsWith("r:")) {
        recordKeys++;
        recordBytes += bytes;
      } else if (kind.equals("a")) {
        appSet += bytes;
      } else if (kind.startsWith("i:")) {
        attributeSets += bytes;
      } else if (kind.equals("n")) {
        counter += bytes;
      } else {
        other += bytes;
      }
    }
    long all = recordBytes + appSet + attributeSets + counter + other;
    Map<String, Long> sizes = new LinkedHashMap<>();
    sizes.put("rows", (long) records);
    sizes.put("keys", (long) usage.size());
    sizes.put("used_memory_growth", usedAfter - usedBefore);
    sizes.put("used_memory_per_record", Math.round((double) (usedAfter - usedBefore) / records));
    sizes.put("memory_usage_per_record", Math.round((double) all / records));
    sizes.put("record_key", recordKeys == 0 ? 0 : Math.round((double) recordBytes / recordKeys));
    sizes.put("app_set_per_record", Math.round((double) appSet / records));
    sizes.put("attribute_sets_per_record", Math.round((double) attributeSets / records));
    sizes.put("counter", counter);
    sizes.put("other_keys", other);
    return sizes;
  }

  /** {@code used_memory} of {@code INFO memory}. */
  static long usedMemory(RedisReactiveCommands<byte[], byte[]> commands) {
    String info = commands.info("memory").block(BOUND);
    return Long.parseLong(field(info, "used_memory"));
  }

  /** {@code redis_version} of {@code INFO server}. */
  static String version(RedisReactiveCommands<byte[], byte[]> commands) {
    return field(commands.info("server").block(BOUND), "redis_version");
  }

  private static String field(String info, String name) {
    if (info != null) {
      for (String line : info.split("\r?\n")) {
        if (line.startsWith(name + ":")) {
          return line.substring(name.length() + 1).trim();
        }
      }
    }
    throw new IllegalStateException("INFO has no " + name);
  }
}
