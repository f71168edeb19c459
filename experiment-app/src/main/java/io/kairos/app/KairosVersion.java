package io.kairos.app;

import picocli.CommandLine.IVersionProvider;

/** Reports the version of the running build, from the jar manifest. */
public final class KairosVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = KairosVersion.class.getPackage().getImplementationVersion();
        return new String[] {"kairos " + (version == null ? "(development build)" : version)};
    }
}
