/**
 * Spring Boot auto-configuration (Boot 4.0.x and 4.1.x): a {@link
 * io.sunco.oauth.SunshineOAuthClient} from the {@code sunco.oauth.*} properties ({@link
 * io.sunco.oauth.boot.SunshineOAuthProperties}), the store of pending states (in memory by
 * default), and the WebFlux routes once the application defines a {@link
 * io.sunco.oauth.webflux.TokenSink} bean; with {@code sunco.oauth.store}, the store of connected
 * apps ({@link io.sunco.oauth.boot.SunshineOAuthConnectedAppsAutoConfiguration}): its backend, key
 * ring, token sink, disconnect and removal routes and scheduled token check. Every bean backs off
 * when the application defines its own. The only package that uses Spring Boot: {@code
 * spring-boot-autoconfigure} and {@code spring-boot-actuator} are optional dependencies of this
 * library, which a Boot application has anyway.
 */
@NullMarked
package io.sunco.oauth.boot;

import org.jspecify.annotations.NullMarked;
