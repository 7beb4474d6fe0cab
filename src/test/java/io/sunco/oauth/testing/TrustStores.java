package io.sunco.oauth.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** Trust stores made from PEM certificates (an emulator's, a test server's), for TLS tests. */
public final class TrustStores {

  private TrustStores() {}

  /** An in-memory trust store that holds every certificate of {@code pem}. */
  public static KeyStore of(String pem) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        store.setCertificateEntry("trusted-" + i++, certificate);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot read the PEM certificates", e);
    }
  }

  /** {@link #of(String)} written to {@code file} as PKCS#12 with {@code password}. */
  public static Path pkcs12(String pem, Path file, char[] password) {
    try (OutputStream out = Files.newOutputStream(file)) {
      of(pem).store(out, password);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
