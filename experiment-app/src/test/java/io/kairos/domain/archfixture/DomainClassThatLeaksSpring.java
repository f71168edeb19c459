package io.kairos.domain.archfixture;

import org.springframework.stereotype.Component;

/** Test fixture: a class in the domain's package that breaks the rule, so the rule is shown to catch it. */
@Component
public class DomainClassThatLeaksSpring {}
