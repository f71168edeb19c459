package io.kairos.domain.experiment;

/** The arm a user is in for an experiment, with the bucket that put them there. */
public record ArmAssignment(String experimentKey, String userId, int bucket, Arm arm) {}
