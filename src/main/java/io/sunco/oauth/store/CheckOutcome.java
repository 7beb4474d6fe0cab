package io.sunco.oauth.store;

/** How the check of one stored token ended: the {@value TokenCheck#OUTCOME_KEY} of its metric. */
enum CheckOutcome {
  ALIVE("alive"),
  DEAD("dead"),
  FAILED("failed"),
  CHANGED_MEANWHILE("changed_meanwhile"),
  CANCELLED("cancelled");

  private final String tag;

  CheckOutcome(String tag) {
    this.tag = tag;
  }

  String tag() {
    return tag;
  }
}
