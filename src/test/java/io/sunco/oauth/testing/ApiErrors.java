package io.sunco.oauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.SunshineApiException;
import java.util.function.Consumer;

/** The checks of a {@link SunshineApiException} that tests pass to {@code expectErrorSatisfies}. */
public final class ApiErrors {

  private ApiErrors() {}

  /**
   * An error that is a {@link SunshineApiException} satisfying {@code check}.
   *
   * @param check what the exception must satisfy
   * @return the check of the error
   */
  public static Consumer<Throwable> apiError(Consumer<SunshineApiException> check) {
    return error -> assertThat(error).isInstanceOfSatisfying(SunshineApiException.class, check);
  }

  /**
   * An error that is a {@link SunshineApiException} of HTTP status {@code status}.
   *
   * @param status the status the server answered with
   * @return the check of the error
   */
  public static Consumer<Throwable> apiStatus(int status) {
    return apiError(api -> assertThat(api.status()).isEqualTo(status));
  }
}
