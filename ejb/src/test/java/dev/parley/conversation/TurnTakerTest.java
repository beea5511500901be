package dev.parley.conversation;

import dev.parley.conversation.Floor.AgentHeld;
import dev.parley.conversation.Floor.AgentPaused;
import dev.parley.conversation.Floor.AgentSpeaking;
import dev.parley.conversation.Floor.AgentThinking;
import dev.parley.conversation.TurnTaker.Input;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every allowed transition of the floor, and every other (state, input) pair rejected. */
class TurnTakerTest {

    private static final Floor THINKING = new AgentThinking(7);
    private static final Floor SPEAKING = new AgentSpeaking(7);
    private static final Floor PAUSED_HEARING = new AgentPaused(7, true);
    private static final Floor PAUSED_WAITING = new AgentPaused(7, false);
    private static final Floor HELD = new AgentHeld(7);

    private static final List<Floor> STATES = List.of(Floor.FREE, Floor.USER_SPEAKING, Floor.USER_PAUSED, Floor.AWAITING_FINAL,
            THINKING, SPEAKING, HELD, PAUSED_HEARING, PAUSED_WAITING, Floor.ENDED);
    private static final List<Input> INPUTS = List.of(Input.SPEECH_STARTED, Input.SOUND_ONSET, Input.SPEECH_STOPPED, Input.ENDPOINT_REACHED,
            Input.TURN_DROPPED, new Input.ReplyStarted(7), Input.AUDIO_QUEUED, Input.REPLY_ENDED, Input.BARGE_IN, Input.RESUME,
            Input.USER_CONTINUES, Input.TEXT_TURN, Input.END);

    /** The table the engine relies on: from, input, to. */
    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of(Floor.FREE, Input.SPEECH_STARTED, Floor.USER_SPEAKING),
                Arguments.of(Floor.FREE, new Input.ReplyStarted(7), THINKING),
                Arguments.of(Floor.FREE, Input.TEXT_TURN, Floor.AWAITING_FINAL),
                Arguments.of(Floor.USER_SPEAKING, Input.SPEECH_STOPPED, Floor.USER_PAUSED),
                Arguments.of(Floor.USER_SPEAKING, Input.ENDPOINT_REACHED, Floor.AWAITING_FINAL),
                Arguments.of(Floor.USER_SPEAKING, Input.TURN_DROPPED, Floor.FREE),
                Arguments.of(Floor.USER_PAUSED, Input.SPEECH_STARTED, Floor.USER_SPEAKING),
                Arguments.of(Floor.USER_PAUSED, Input.ENDPOINT_REACHED, Floor.AWAITING_FINAL),
                Arguments.of(Floor.USER_PAUSED, Input.TURN_DROPPED, Floor.FREE),
                Arguments.of(Floor.AWAITING_FINAL, Input.SPEECH_STARTED, Floor.USER_SPEAKING),
                Arguments.of(Floor.AWAITING_FINAL, new Input.ReplyStarted(7), THINKING),
                Arguments.of(Floor.AWAITING_FINAL, Input.TURN_DROPPED, Floor.FREE),
                Arguments.of(THINKING, Input.AUDIO_QUEUED, SPEAKING),
                Arguments.of(THINKING, Input.REPLY_ENDED, Floor.FREE),
                Arguments.of(THINKING, Input.SPEECH_STARTED, Floor.USER_SPEAKING),
                Arguments.of(THINKING, Input.USER_CONTINUES, Floor.USER_SPEAKING),
                Arguments.of(THINKING, Input.TEXT_TURN, Floor.AWAITING_FINAL),
                Arguments.of(SPEAKING, Input.SPEECH_STARTED, PAUSED_HEARING),
                Arguments.of(SPEAKING, Input.SOUND_ONSET, HELD),
                Arguments.of(HELD, Input.SPEECH_STARTED, PAUSED_HEARING),
                Arguments.of(HELD, Input.RESUME, SPEAKING),
                Arguments.of(HELD, Input.REPLY_ENDED, Floor.FREE),
                Arguments.of(HELD, Input.TEXT_TURN, Floor.AWAITING_FINAL),
                Arguments.of(SPEAKING, Input.REPLY_ENDED, Floor.FREE),
                Arguments.of(SPEAKING, Input.USER_CONTINUES, Floor.USER_SPEAKING),
                Arguments.of(SPEAKING, Input.TEXT_TURN, Floor.AWAITING_FINAL),
                Arguments.of(PAUSED_HEARING, Input.SPEECH_STOPPED, PAUSED_WAITING),
                Arguments.of(PAUSED_HEARING, Input.BARGE_IN, Floor.USER_SPEAKING),
                Arguments.of(PAUSED_HEARING, Input.REPLY_ENDED, Floor.USER_SPEAKING),
                Arguments.of(PAUSED_HEARING, Input.USER_CONTINUES, Floor.USER_SPEAKING),
                Arguments.of(PAUSED_WAITING, Input.SPEECH_STARTED, PAUSED_HEARING),
                Arguments.of(PAUSED_WAITING, Input.RESUME, SPEAKING),
                Arguments.of(PAUSED_WAITING, Input.BARGE_IN, Floor.AWAITING_FINAL),
                Arguments.of(PAUSED_WAITING, Input.REPLY_ENDED, Floor.AWAITING_FINAL),
                Arguments.of(PAUSED_WAITING, Input.TEXT_TURN, Floor.AWAITING_FINAL),
                Arguments.of(Floor.FREE, Input.END, Floor.ENDED),
                Arguments.of(Floor.USER_SPEAKING, Input.END, Floor.ENDED),
                Arguments.of(Floor.USER_PAUSED, Input.END, Floor.ENDED),
                Arguments.of(Floor.AWAITING_FINAL, Input.END, Floor.ENDED),
                Arguments.of(THINKING, Input.END, Floor.ENDED),
                Arguments.of(SPEAKING, Input.END, Floor.ENDED),
                Arguments.of(HELD, Input.END, Floor.ENDED),
                Arguments.of(PAUSED_HEARING, Input.END, Floor.ENDED),
                Arguments.of(PAUSED_WAITING, Input.END, Floor.ENDED));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("allowed")
    void eachAllowedTransition(Floor from, Input input, Floor to) {
        assertEquals(to, TurnTaker.next(from, input));
    }

    static Stream<Arguments> rejected() {
        Set<List<Object>> ok = new java.util.HashSet<>();
        allowed().forEach(a -> ok.add(List.of(a.get()[0], a.get()[1])));
        List<Arguments> out = new ArrayList<>();
        for (Floor from : STATES) {
            for (Input in : INPUTS) {
                if (!ok.contains(List.of(from, in))) {
                    out.add(Arguments.of(from, in));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} + {1} is rejected")
    @MethodSource("rejected")
    void everyOtherTransitionIsRejected(Floor from, Input input) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TurnTaker.next(from, input));
        assertTrue(e.getMessage().contains(input.getClass().getSimpleName()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void aTurnTakerKeepsTheStateItMovedTo(Floor ignored, Input input, Floor to) {
        // the machine itself, walked from FREE along a path that reaches each allowed transition's source
        TurnTaker taker = new TurnTaker();
        for (Input step : pathTo(ignored)) {
            taker.apply(step);
        }
        assertEquals(ignored, taker.floor());
        assertEquals(to, taker.apply(input));
        assertEquals(to, taker.floor());
    }

    private static List<Input> pathTo(Floor state) {
        if (state.equals(Floor.FREE)) {
            return List.of();
        }
        if (state.equals(Floor.USER_SPEAKING)) {
            return List.of(Input.SPEECH_STARTED);
        }
        if (state.equals(Floor.USER_PAUSED)) {
            return List.of(Input.SPEECH_STARTED, Input.SPEECH_STOPPED);
        }
        if (state.equals(Floor.AWAITING_FINAL)) {
            return List.of(Input.SPEECH_STARTED, Input.SPEECH_STOPPED, Input.ENDPOINT_REACHED);
        }
        if (state.equals(THINKING)) {
            return List.of(new Input.ReplyStarted(7));
        }
        if (state.equals(SPEAKING)) {
            return List.of(new Input.ReplyStarted(7), Input.AUDIO_QUEUED);
        }
        if (state.equals(HELD)) {
            return List.of(new Input.ReplyStarted(7), Input.AUDIO_QUEUED, Input.SOUND_ONSET);
        }
        if (state.equals(PAUSED_HEARING)) {
            return List.of(new Input.ReplyStarted(7), Input.AUDIO_QUEUED, Input.SPEECH_STARTED);
        }
        return List.of(new Input.ReplyStarted(7), Input.AUDIO_QUEUED, Input.SPEECH_STARTED, Input.SPEECH_STOPPED);
    }
}
