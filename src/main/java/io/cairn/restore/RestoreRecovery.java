package io.cairn.restore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * On start, before Cairn takes requests: a restore whose commands went out before Cairn stopped
 * can no longer hear its agents' answers. It fails and unpins its checkpoint, so retention and
 * checkpoints resume; restores still waiting for agents carry on.
 */
@Component
class RestoreRecovery implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RestoreRecovery.class);

    private final RestoreLedger ledger;

    RestoreRecovery(RestoreLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int failed = ledger.failInterrupted();
        if (failed > 0) {
            log.warn(
                    "{} restore(s) were in progress when Cairn stopped; recorded FAILED, their checkpoints released",
                    failed);
        }
    }
}
