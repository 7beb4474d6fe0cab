package example;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.Credentials;
import io.sunco.oauth.redis.RedisPendingAuthorizationStore;
import io.sunco.oauth.redis.RedisReplayGuard;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What reflection-driven callers in a user's package (EL/SpEL, Groovy, serializers) see: every
 * public method of a public type that inherits from a package-private base is callable through
 * {@code getMethod(..).invoke(..)}, which throws {@code IllegalAccessException} for a method whose
 * declaring class is not public.
 */
class ReflectiveAccessTest {

  @Test
  void getMethodsWhenTypesWithAPackagePrivateBaseThenEveryMethodIsDeclaredByAPublicClass() {
    for (Class<?> type :
        List.<Class<?>>of(
            Credentials.Basic.class,
            Credentials.Jwt.class,
            RedisPendingAuthorizationStore.Builder.class,
            RedisReplayGuard.Builder.class)) {
      assertThat(Arrays.stream(type.getMethods()))
          .as("public methods of %s", type.getName())
          .allSatisfy(
              method ->
                  assertThat(Modifier.isPublic(method.getDeclaringClass().getModifiers()))
                      .as("%s is declared by a public class", method)
                      .isTrue());
    }
  }

  @Test
  void invokeWhenBasicCredentialsMethodsCalledReflectivelyThenTheyAnswerAsDirectCalls()
      throws ReflectiveOperationException {
    Credentials basic = Credentials.basic("app_5e4af71a", "key-secret-123");
    Credentials same = Credentials.basic("app_5e4af71a", "key-secret-123");
    Class<?> type = Credentials.Basic.class;

    assertThat(invoke(type.getMethod("keyId"), basic)).isEqualTo("app_5e4af71a");
    assertThat(invoke(type.getMethod("hashCode"), basic)).isEqualTo(basic.hashCode());
    assertThat(invoke(type.getMethod("equals", Object.class), basic, same)).isEqualTo(true);
  }

  @Test
  void invokeWhenJwtCredentialsMethodsCalledReflectivelyThenTheyAnswerAsDirectCalls()
      throws ReflectiveOperationException {
    Credentials jwt = Credentials.jwt("app_5e4af71a", "key-secret-123", Credentials.JwtScope.APP);
    Class<?> type = Credentials.Jwt.class;

    assertThat(invoke(type.getMethod("keyId"), jwt)).isEqualTo("app_5e4af71a");
    assertThat(invoke(type.getMethod("hashCode"), jwt)).isEqualTo(jwt.hashCode());
    assertThat(invoke(type.getMethod("equals", Object.class), jwt, jwt)).isEqualTo(true);
  }

  private static Object invoke(Method method, Object target, Object... arguments)
      throws ReflectiveOperationException {
    return method.invoke(target, arguments);
  }
}
