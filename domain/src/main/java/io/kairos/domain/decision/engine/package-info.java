/** The rule engine behind the inbound port: folds events, fires timers, triggers campaigns and applies guards. */
package io.kairos.domain.decision.engine;
