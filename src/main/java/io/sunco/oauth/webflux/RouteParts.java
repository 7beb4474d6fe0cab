package io.sunco.oauth.webflux;

import io.sunco.oauth.SunshineOAuthClient;
import org.jspecify.annotations.Nullable;

/**
 * What the start and the callback step share, made once by {@link SunshineOAuthRoutes}.
 *
 * @param client builds the consent URL and exchanges the code
 * @param states keeps each flow between its start and its callback
 * @param attributes the application's side of a flow, null when it has none
 * @param policy how the answers look
 * @param failures how failures are answered, observed and logged
 * @param observer times each request
 */
record RouteParts(
    SunshineOAuthClient client,
    PendingFlows states,
    @Nullable FlowAttributes attributes,
    ResponsePolicy policy,
    FailureAnswers failures,
    FlowObserver observer) {}
