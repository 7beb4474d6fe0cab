package io.sunco.oauth.emulator;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The emulator's TLS identity: its private key and certificate chain, and the trust a client needs
 * for it (the chain's last certificate). {@link #selfSigned(Instant)} makes a fresh one for {@code
 * 127.0.0.1} and {@code localhost} with the JDK alone: no BouncyCastle, no {@code keytool}, no JDK
 * internals, so it works on every Java from 17 on.
 */
record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

  /** The subject and issuer of a self-signed certificate. */
  static final String COMMON_NAME = "sunco-oauth emulator";

  /** How long a self-signed certificate is valid: from a day before it is made, for a year. */
  static final Duration VALIDITY = Duration.ofDays(365);

  TlsIdentity {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("the certificate chain is empty");
    }
    chain = List.copyOf(chain);
    requireKeyOf(key, chain.get(0));
  }

  /**
   * Refuses, at build time rather than at the first handshake, a key that is not the one of the
   * certificate: signs a challenge with {@code key} and verifies it with the certificate's public
   * key (EC, RSA and EdDSA keys).
   */
  private static void requireKeyOf(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign under their own names
        };
    boolean matches;
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false; // another algorithm, or a key of another kind than the certificate's
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "the private key is not the key of the first certificate ("
              + certificate.getSubjectX500Principal().getName()
              + ")");
    }
  }

  /** Names the certificate; never the private key. */
  @Override
  public String toString() {
    return "TlsIdentity[" + chain.get(0).getSubjectX500Principal().getName() + ", key not shown]";
  }

  /** A Netty server context that presents this identity. */
  SslContext serverContext() {
    try {
      return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)).build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("the key and chain cannot serve TLS", e);
    }
  }

  /** The certificate a client trusts: the last of the chain (the self-signed root). */
  X509Certificate trusted() {
    return chain.get(chain.size() - 1);
  }

  /** {@link #trusted()} as PEM text. */
  String trustedPem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(trusted().getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the certificate cannot be encoded", e);
    }
  }

  /** A trust manager that trusts {@link #trusted()} and nothing else. */
  X509TrustManager trustManager() {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("sunco-oauth-emulator", trusted());
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK made no X509TrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("a trust manager cannot be made", e);
    }
  }

  /**
   * A fresh EC P-256 key and a self-signed X.509 v3 certificate for it, valid from a day before
   * {@code now} for {@link #VALIDITY}, naming {@code 127.0.0.1} (the emulator's address) and {@code
   * localhost} as subject alternative names.
   */
  static TlsIdentity selfSigned(Instant now) {
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = generator.generateKeyPair();
      byte[] signatureAlgorithm = Der.sequence(Der.oid("1.2.840.10045.4.3.2")); // ecdsa-with-SHA256
      byte[] name =
          Der.sequence(
              Der.set(
                  Der.sequence(
                      Der.oid("2.5.4.3"), // commonName
                      Der.tlv(0x0c, COMMON_NAME.getBytes(StandardCharsets.UTF_8)))));
      byte[] subjectAltName =
          Der.sequence(
              Der.tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)), // dNSName
              Der.tlv(0x87, new byte[] {127, 0, 0, 1})); // iPAddress
      // A server certificate as strict clients (and RFC 5280 §4.2) expect it: an end entity
      // (BasicConstraints CA:false), signing the handshake only (KeyUsage digitalSignature,
      // critical), for TLS servers only (ExtendedKeyUsage serverAuth).
      byte[] basicConstraints = Der.sequence(); // cA defaults to FALSE
      byte[] keyUsage = Der.tlv(0x03, new byte[] {7, (byte) 0x80}); // bit 0: digitalSignature
      byte[] serverAuth = Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"));
      byte[] extensions =
          Der.tlv(
              0xa3,
              Der.sequence(
                  Der.sequence(Der.oid("2.5.29.17"), Der.tlv(0x04, subjectAltName)),
                  Der.sequence(Der.oid("2.5.29.19"), Der.tlv(0x04, basicConstraints)),
                  Der.sequence(Der.oid("2.5.29.15"), Der.CRITICAL, Der.tlv(0x04, keyUsage)),
                  Der.sequence(Der.oid("2.5.29.37"), Der.tlv(0x04, serverAuth))));
      byte[] tbs =
          Der.sequence(
              Der.tlv(0xa0, Der.integer(BigInteger.TWO)), // version 3
              Der.integer(new BigInteger(64, random).add(BigInteger.ONE)),
              signatureAlgorithm,
              name,
              Der.sequence(Der.time(now.minus(Duration.ofDays(1))), Der.time(now.plus(VALIDITY))),
              name,
              pair.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
              extensions);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(pair.getPrivate(), random);
      signer.update(tbs);
      byte[] signature = signer.sign(); // DER-encoded ECDSA-Sig-Value
      byte[] certificate = Der.sequence(tbs, signatureAlgorithm, Der.bitString(signature));
      X509Certificate parsed =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(certificate));
      parsed.verify(pair.getPublic());
      return new TlsIdentity(pair.getPrivate(), List.of(parsed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a self-signed certificate cannot be made", e);
    }
  }

  /** Just enough DER (ITU-T X.690) to write one certificate. */
  private static final class Der {

    private static final DateTimeFormatter UTC_TIME =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
        DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** BOOLEAN TRUE, the {@code critical} flag of an extension. */
    static final byte[] CRITICAL = {0x01, 0x01, (byte) 0xff};

    private Der() {}

    static byte[] tlv(int tag, byte[] value) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
      out.write(tag);
      int length = value.length;
      if (length < 0x80) {
        out.write(length);
      } else {
        byte[] bytes = BigInteger.valueOf(length).toByteArray();
        int skip = bytes[0] == 0 ? 1 : 0;
        out.write(0x80 | (bytes.length - skip));
        out.write(bytes, skip, bytes.length - skip);
      }
      out.write(value, 0, value.length);
      return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
      return tlv(0x30, concat(parts));
    }

    static byte[] set(byte[]... parts) {
      return tlv(0x31, concat(parts));
    }

    static byte[] integer(BigInteger value) {
      return tlv(0x02, value.toByteArray());
    }

    static byte[] bitString(byte[] bits) {
      byte[] value = new byte[bits.length + 1]; // first byte: no unused bits
      System.arraycopy(bits, 0, value, 1, bits.length);
      return tlv(0x03, value);
    }

    /** UTCTime up to 2049, GeneralizedTime from 2050 on (RFC 5280 §4.1.2.5). */
    static byte[] time(Instant instant) {
      boolean utc = instant.isBefore(Instant.parse("2050-01-01T00:00:00Z"));
      String text = (utc ? UTC_TIME : GENERALIZED_TIME).format(instant);
      return tlv(utc ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] oid(String dotted) {
      String[] arcs = dotted.split("\\.");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
      for (int i = 2; i < arcs.length; i++) {
        long arc = Long.parseLong(arcs[i]);
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
        for (int g = groups - 1; g >= 0; g--) {
          out.write((int) ((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
        }
      }
      return tlv(0x06, out.toByteArray());
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        out.write(part, 0, part.length);
      }
      return out.toByteArray();
    }
  }
}
