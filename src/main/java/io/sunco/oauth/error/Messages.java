package io.sunco.oauth.error;

/** Message fragments shared by the exception types. */
final class Messages {

  private Messages() {}

  /** The sentence a failed token exchange adds when the server may have used the code. */
  static String codeMaySpent(Operation operation) {
    return operation == Operation.GET_TOKEN
        ? " (the request may have reached the server: the authorization code may be spent;"
            + " restart the authorization)"
        : " (the request may have reached the server)";
  }
}
