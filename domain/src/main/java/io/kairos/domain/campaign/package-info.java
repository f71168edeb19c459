/** Campaigns: triggers, audiences, messages and guards, defined declaratively in a file marketers edit. */
package io.kairos.domain.campaign;
