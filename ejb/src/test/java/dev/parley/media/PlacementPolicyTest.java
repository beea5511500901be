package dev.parley.media;

import dev.parley.media.PlacementPolicy.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlacementPolicyTest {

    private static List<Integer> order(String zone, Candidate... candidates) {
        return PlacementPolicy.order(List.of(candidates), zone).stream().map(Candidate::index).toList();
    }

    @Test
    void theFewestLiveSessionsGoFirstAndTiesGoToTheServerListedFirst() {
        assertEquals(List.of(1, 2, 0), order(null, new Candidate(0, null, true, 3), new Candidate(1, null, true, 1),
                new Candidate(2, null, true, 1)));
        assertEquals(List.of(0, 1), order(null, new Candidate(0, null, true, 0), new Candidate(1, null, true, 0)));
    }

    @Test
    void aServerThatIsNotUsableTakesNoSessionsHoweverIdleItIs() {
        assertEquals(List.of(1), order(null, new Candidate(0, null, false, 0), new Candidate(1, null, true, 9)));
        assertEquals(List.of(), order("eu", new Candidate(0, "eu", false, 0), new Candidate(1, null, false, 0)));
    }

    @Test
    void theCallersZoneGoesFirstEvenWhenBusierAndTheOthersFollowAsFallbacks() {
        assertEquals(List.of(1, 0, 2), order("eu-west", new Candidate(0, null, true, 0), new Candidate(1, "eu-west", true, 5),
                new Candidate(2, "us", true, 1)));
        assertEquals(List.of(2, 1, 0), order("EU-West ", new Candidate(0, null, true, 0), new Candidate(1, "eu-west", true, 5),
                new Candidate(2, "eu-west", true, 2)), "zones compare without case and surrounding blanks");
    }

    @Test
    void aZoneWithNoUsableServerIsIgnoredAndAnUnknownZoneToo() {
        assertEquals(List.of(1, 2), order("eu-west", new Candidate(0, "eu-west", false, 0), new Candidate(1, "us", true, 2),
                new Candidate(2, null, true, 3)));
        assertEquals(List.of(1, 0), order("mars", new Candidate(0, "eu", true, 4), new Candidate(1, "us", true, 2)));
    }
}
