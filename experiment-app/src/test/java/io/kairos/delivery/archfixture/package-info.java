/** Test fixtures that deliberately break the architecture rules, to prove the rules can fail. */
package io.kairos.delivery.archfixture;
