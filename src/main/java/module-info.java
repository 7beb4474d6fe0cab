/**
 * The reactive client of the Sunshine Conversations OAuth flow, with its callback helpers, WebFlux
 * routes and an embedded emulator. Exports the public API only: {@code io.sunco.oauth.internal}
 * (transport, JSON codec, wire types) and {@code io.sunco.oauth.cli} (the command line) are not API
 * and not exported. Spring WebFlux, Spring Boot, Micrometer, JUnit, Lettuce, R2DBC and picocli are
 * optional ({@code requires static}): only the packages that use them need them at run time.
 */
module io.sunco.oauth {
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires transitive reactor.netty.http;
  requires transitive reactor.netty.core;
  requires transitive org.jspecify;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires transitive io.netty.handler; // SslContext (the emulator's trust), read timeouts
  requires io.netty.common;
  requires io.netty.transport;
  requires static transitive micrometer.observation;
  requires static transitive spring.web;
  requires static transitive spring.webflux;
  requires static spring.core;
  // Spring Boot: io.sunco.oauth.boot only (the auto-configuration, whose public types name them).
  requires static transitive spring.beans;
  requires static transitive spring.context;
  requires static transitive spring.boot;
  requires static transitive spring.boot.autoconfigure;
  requires static spring.boot.actuator;
  requires static spring.boot.health;
  requires static info.picocli;
  requires static transitive org.junit.jupiter.api; // the JUnit extension's public types name it
  requires static transitive lettuce.core;
  // io.sunco.oauth.postgres only: its public type names the R2DBC SPI; the driver for its JSON
  // codec.
  requires static transitive r2dbc.spi;
  requires static r2dbc.postgresql;
  requires java.net.http; // the JUnit extension plays the browser at the emulator
  requires static java.desktop; // the CLI opens the browser when it can
  requires static java.logging; // the CLI silences the libraries' logging unless --verbose

  exports io.sunco.oauth;
  exports io.sunco.oauth.error;
  exports io.sunco.oauth.policy;
  exports io.sunco.oauth.callback;
  exports io.sunco.oauth.webflux;
  exports io.sunco.oauth.emulator;
  exports io.sunco.oauth.junit;
  exports io.sunco.oauth.boot;
  exports io.sunco.oauth.redis;
  exports io.sunco.oauth.store;
  exports io.sunco.oauth.postgres;

  // picocli reads the command classes' annotated fields by reflection.
  opens io.sunco.oauth.cli to
      info.picocli;
  // Spring instantiates the auto-configuration's nested configurations and failure analyzer, which
  // are not public, and binds the properties by reflection.
  opens io.sunco.oauth.boot to
      spring.core,
      spring.beans,
      spring.context,
      spring.boot;
}
