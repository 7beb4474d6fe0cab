package io.sunco.oauth.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * RFC 3986 percent-encoding of a query component: the unreserved characters ({@code A-Z a-z 0-9 - .
 * _ ~}) stay, every other UTF-8 byte becomes {@code %XX} with upper-case hex. Unlike {@link
 * java.net.URLEncoder}, a space becomes {@code %20}, never {@code +}.
 */
public final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /**
   * Appends the encoded form of {@code value} to {@code out}.
   *
   * @param out where to write
   * @param value the text to encode
   * @return {@code out}
   */
  public static StringBuilder append(StringBuilder out, String value) {
    int length = value.length();
    int i = 0;
    while (i < length && isUnreserved(value.charAt(i))) {
      i++;
    }
    if (i == length) {
      return out.append(value);
    }
    out.append(value, 0, i);
    // ASCII needs no encoder and no copy: escape it character by character, up to the first
    // non-ASCII character, if any.
    for (; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        break;
      }
      if (isUnreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
      }
    }
    if (i == length) {
      return out;
    }
    for (byte b : value.substring(i).getBytes(UTF_8)) {
      char c = (char) (b & 0xFF);
      if (isUnreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
    }
    return out;
  }

  /**
   * The encoded form of {@code value}: {@code value} itself when nothing in it needs escaping.
   *
   * @param value the text to encode
   * @return the encoded text
   */
  public static String encode(String value) {
    int length = value.length();
    int escapes = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        return append(new StringBuilder(length * 3), value).toString();
      }
      if (!isUnreserved(c)) {
        escapes++;
      }
    }
    if (escapes == 0) {
      return value;
    }
    return append(new StringBuilder(length + 2 * escapes), value).toString();
  }

  /**
   * Whether a character is unreserved in RFC 3986 and so needs no encoding.
   *
   * @param c the character
   * @return {@code true} for {@code A-Z a-z 0-9 - . _ ~}
   */
  public static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
