package io.kairos.http;

import io.kairos.domain.port.out.ExperimentStore;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The dashboard page of one experiment: the same static page for every key (its script reads the key from the
 * address and the numbers from the JSON API), or 404 for an unknown experiment. The experiment picker is the static
 * {@code index.html}.
 */
@Controller
public final class DashboardPages {

    private static final Resource EXPERIMENT_PAGE = new ClassPathResource("dashboard/experiment.html");
    private static final Resource UNKNOWN_PAGE = new ClassPathResource("dashboard/unknown.html");

    private final ExperimentStore experiments;

    public DashboardPages(ExperimentStore experiments) {
        this.experiments = experiments;
    }

    @GetMapping("/experiments/{key}")
    ResponseEntity<Resource> experiment(@PathVariable String key) {
        boolean known = experiments.find(key).isPresent();
        return ResponseEntity.status(known ? HttpStatus.OK : HttpStatus.NOT_FOUND)
                .contentType(MediaType.TEXT_HTML)
                .body(known ? EXPERIMENT_PAGE : UNKNOWN_PAGE);
    }
}
