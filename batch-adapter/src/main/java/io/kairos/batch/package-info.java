/** Spring Batch adapter: the nightly job that runs the domain's rules over a day of archived events. */
package io.kairos.batch;
