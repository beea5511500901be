package dev.parley.conversation;

import dev.parley.conversation.Floor.AgentHeld;
import dev.parley.conversation.Floor.AgentPaused;
import dev.parley.conversation.Floor.AgentSpeaking;
import dev.parley.conversation.Floor.AgentThinking;
import dev.parley.conversation.Floor.AwaitingFinal;
import dev.parley.conversation.Floor.Ended;
import dev.parley.conversation.Floor.Free;
import dev.parley.conversation.Floor.UserPaused;
import dev.parley.conversation.Floor.UserSpeaking;

import java.util.Objects;

/**
 * The floor of one conversation as a state machine: the engine reports what happened (an
 * {@link Input}) and gets the new {@link Floor}, or an {@link IllegalStateException} when the input
 * cannot happen in the current state (a bug in the caller, never a user's doing). All transitions
 * are in {@link #next}; the engine does the side effects (timers, output, providers). Used on the
 * session's lane only.
 */
final class TurnTaker {

    /** What can happen to the floor. */
    sealed interface Input {
        /** The VAD confirmed the user's speech. */
        record SpeechStarted() implements Input {
        }

        /** The onset of a sound over the speaking agent, not yet confirmed as speech by the VAD. */
        record SoundOnset() implements Input {
        }

        /** The VAD confirmed silence after the user's speech. */
        record SpeechStopped() implements Input {
        }

        /** The user's turn is over (endpointing silence, or the turn reached its maximum length). */
        record EndpointReached() implements Input {
        }

        /** The user's turn ended without anything to answer (no words, a failed recogniser). */
        record TurnDropped() implements Input {
        }

        /** Reply {@code generation} started (an answer, a said text, the idle prompt). */
        record ReplyStarted(long generation) implements Input {
        }

        /** The reply queued its first audio. */
        record AudioQueued() implements Input {
        }

        /** The reply is over: all played, failed, or nothing to say. */
        record ReplyEnded() implements Input {
        }

        /** The sound over the paused agent was a real interruption: the user takes the floor. */
        record BargeIn() implements Input {
        }

        /** The sound over the paused agent was noise or a backchannel: the agent goes on. */
        record Resume() implements Input {
        }

        /**
         * The user goes on with the turn the agent started answering (they speak while the answer is
         * still being prepared, or just after it began): the answer is withdrawn.
         */
        record UserContinues() implements Input {
        }

        /** The user typed a turn: it replaces whatever the agent was doing. */
        record TextTurn() implements Input {
        }

        /** The session is over. */
        record End() implements Input {
        }

        SpeechStarted SPEECH_STARTED = new SpeechStarted();
        SoundOnset SOUND_ONSET = new SoundOnset();
        SpeechStopped SPEECH_STOPPED = new SpeechStopped();
        EndpointReached ENDPOINT_REACHED = new EndpointReached();
        TurnDropped TURN_DROPPED = new TurnDropped();
        AudioQueued AUDIO_QUEUED = new AudioQueued();
        ReplyEnded REPLY_ENDED = new ReplyEnded();
        BargeIn BARGE_IN = new BargeIn();
        Resume RESUME = new Resume();
        UserContinues USER_CONTINUES = new UserContinues();
        TextTurn TEXT_TURN = new TextTurn();
        End END = new End();
    }

    private Floor floor = Floor.FREE;

    Floor floor() {
        return floor;
    }

    boolean ended() {
        return floor instanceof Ended;
    }

    /** Applies {@code input}; returns the new floor. */
    Floor apply(Input input) {
        floor = next(floor, Objects.requireNonNull(input, "input"));
        return floor;
    }

    /** The whole transition table. */
    static Floor next(Floor from, Input in) {
        if (from instanceof Ended) {
            throw rejected(from, in);
        }
        if (in instanceof Input.End) {
            return Floor.ENDED;
        }
        if (from instanceof Free) {
            if (in instanceof Input.SpeechStarted) {
                return Floor.USER_SPEAKING;
            }
            if (in instanceof Input.ReplyStarted started) {
                return new AgentThinking(started.generation());
            }
            if (in instanceof Input.TextTurn) {
                return Floor.AWAITING_FINAL;
            }
        } else if (from instanceof UserSpeaking) {
            if (in instanceof Input.SpeechStopped) {
                return Floor.USER_PAUSED;
            }
            if (in instanceof Input.EndpointReached) {
                return Floor.AWAITING_FINAL; // the turn reached its maximum length while the user talks on
            }
            if (in instanceof Input.TurnDropped) {
                return Floor.FREE; // the recogniser failed: whatever the user says now goes unheard
            }
        } else if (from instanceof UserPaused) {
            if (in instanceof Input.SpeechStarted) {
                return Floor.USER_SPEAKING;
            }
            if (in instanceof Input.EndpointReached) {
                return Floor.AWAITING_FINAL;
            }
            if (in instanceof Input.TurnDropped) {
                return Floor.FREE;
            }
        } else if (from instanceof AwaitingFinal) {
            if (in instanceof Input.SpeechStarted) {
                return Floor.USER_SPEAKING; // the same turn goes on; the pending final joins it
            }
            if (in instanceof Input.ReplyStarted started) {
                return new AgentThinking(started.generation());
            }
            if (in instanceof Input.TurnDropped) {
                return Floor.FREE;
            }
        } else if (from instanceof AgentThinking) {
            if (in instanceof Input.AudioQueued) {
                return new AgentSpeaking(((AgentThinking) from).generation());
            }
            if (in instanceof Input.ReplyEnded) {
                return Floor.FREE;
            }
            if (in instanceof Input.UserContinues || in instanceof Input.SpeechStarted) {
                return Floor.USER_SPEAKING; // nothing was said yet: the user simply has the floor
            }
            if (in instanceof Input.TextTurn) {
                return Floor.AWAITING_FINAL;
            }
        } else if (from instanceof AgentSpeaking speaking) {
            if (in instanceof Input.SpeechStarted) {
                return new AgentPaused(speaking.generation(), true);
            }
            if (in instanceof Input.SoundOnset) {
                return new AgentHeld(speaking.generation());
            }
            if (in instanceof Input.ReplyEnded) {
                return Floor.FREE;
            }
            if (in instanceof Input.UserContinues) {
                return Floor.USER_SPEAKING;
            }
            if (in instanceof Input.TextTurn) {
                return Floor.AWAITING_FINAL;
            }
        } else if (from instanceof AgentHeld held) {
            if (in instanceof Input.SpeechStarted) {
                return new AgentPaused(held.generation(), true);
            }
            if (in instanceof Input.Resume) {
                return new AgentSpeaking(held.generation());
            }
            if (in instanceof Input.ReplyEnded) {
                return Floor.FREE; // nobody said anything: the floor is free
            }
            if (in instanceof Input.TextTurn) {
                return Floor.AWAITING_FINAL;
            }
        } else if (from instanceof AgentPaused paused) {
            if (paused.userSpeaking()) {
                if (in instanceof Input.SpeechStopped) {
                    return new AgentPaused(paused.generation(), false);
                }
                if (in instanceof Input.BargeIn || in instanceof Input.ReplyEnded || in instanceof Input.UserContinues) {
                    return Floor.USER_SPEAKING;
                }
            } else {
                if (in instanceof Input.SpeechStarted) {
                    return new AgentPaused(paused.generation(), true);
                }
                if (in instanceof Input.Resume) {
                    return new AgentSpeaking(paused.generation());
                }
                if (in instanceof Input.BargeIn || in instanceof Input.ReplyEnded || in instanceof Input.TextTurn) {
                    return Floor.AWAITING_FINAL;
                }
            }
        }
        throw rejected(from, in);
    }

    private static IllegalStateException rejected(Floor from, Input in) {
        return new IllegalStateException("floor: " + in.getClass().getSimpleName() + " cannot happen in " + from);
    }
}
