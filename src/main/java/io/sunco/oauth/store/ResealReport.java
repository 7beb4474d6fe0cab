package io.sunco.oauth.store;

/**
 * What one {@link ConnectedAppStore#reseal()} did: every record it read is counted once, as
 * resealed, as already under the primary key, or as changed by another write between its read and
 * its reseal (left alone: that write sealed with the primary key of its writer).
 *
 * @param examined the records read
 * @param resealed the records sealed again under the primary key and written
 * @param alreadyCurrent the records found under the primary key, left as they were
 * @param changedMeanwhile the records written or deleted by someone else before their reseal
 */
public record ResealReport(
    long examined, long resealed, long alreadyCurrent, long changedMeanwhile) {

  /**
   * Checks the counts.
   *
   * @param examined the records read
   * @param resealed the records resealed
   * @param alreadyCurrent the records already under the primary key
   * @param changedMeanwhile the records changed before their reseal
   * @throws IllegalArgumentException when a count is negative, or the three outcomes do not add up
   *     to {@code examined}
   */
  public ResealReport {
    if (resealed < 0 || alreadyCurrent < 0 || changedMeanwhile < 0) {
      throw new IllegalArgumentException("A count is negative");
    }
    if (resealed + alreadyCurrent + changedMeanwhile != examined) {
      throw new IllegalArgumentException(
          "resealed + alreadyCurrent + changedMeanwhile must equal examined (" + examined + ")");
    }
  }
}
