package io.kairos.domain.campaign;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when campaign definitions are rejected; carries every problem found, not only the first. */
public final class InvalidCampaignDefinition extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<DefinitionProblem> problems;

    /** A rejection listing its problems. */
    public InvalidCampaignDefinition(List<DefinitionProblem> problems) {
        super(problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** The problems, in file order. */
    public List<DefinitionProblem> problems() {
        return problems;
    }
}
