/**
 * The reactive Sunshine Conversations OAuth client, {@link io.sunco.oauth.SunshineOAuthClient}, and
 * its value types: {@link io.sunco.oauth.AuthorizeRequest}, {@link io.sunco.oauth.AccessToken},
 * {@link io.sunco.oauth.TokenInfo} and {@link io.sunco.oauth.Credentials}. Errors are in {@link
 * io.sunco.oauth.error}.
 */
@NullMarked
package io.sunco.oauth;

import org.jspecify.annotations.NullMarked;
