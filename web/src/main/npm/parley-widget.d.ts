// Types of the <parley-agent> element (parley-widget.js). WidgetPackageTest checks that the
// attributes, events and members named here are the ones the script has.

export type ParleyState = 'idle' | 'connecting' | 'listening' | 'thinking' | 'speaking' | 'reconnecting' | 'ended';
export type ParleyAgentSpeech = 'none' | 'speaking' | 'paused' | 'interrupted';
export type ParleySpeaker = 'user' | 'agent';

export interface ParleyStateDetail { state: ParleyState; }
/** `continued`: the user went on after a pause the agent took as the end of the turn; `text` is the whole turn again and replaces its earlier caption. */
export interface ParleyTranscriptDetail { speaker: ParleySpeaker; partial: boolean; text: string; continued: boolean; }
export interface ParleyMetricsDetail {
  turn: number;
  responseLatencyMillis: number;
  endpointingMillis: number;
  sttFinalMillis: number;
  firstTokenMillis: number;
  firstTtsAudioMillis: number;
  bargeInReactionMillis: number;
  framesDroppedOnFlush: number;
  interrupted: boolean;
  [more: string]: number | boolean;
}
export interface ParleyInterruptedDetail { heardText: string; }
export type ParleyAgentPausedDetail = Record<string, never>;
export type ParleyAgentResumedDetail = Record<string, never>;
export interface ParleyErrorDetail {
  code: string;
  message: string;
  /** The server's explanation, for refusals. */
  detail?: string;
  /** For refusals: true when it happened while reconnecting after a drop. */
  reconnecting?: boolean;
}
export interface ParleyEndedDetail { reason: string; detail?: string; }
export interface ParleyRecordingNoticeDetail { text: string; }
export interface ParleyCaption { speaker: ParleySpeaker; text: string; partial: boolean; }

/** Every string the widget shows; `labels` takes any subset of it. */
export interface ParleyLabels {
  talk: string; mute: string; unmute: string; hangUp: string;
  you: string; agent: string; captions: string;
  textBox: string; textPlaceholder: string; send: string;
  states: Record<ParleyState | 'paused' | 'interrupted', string>;
  errors: Record<string, string>;
}
export type ParleyLabelOverrides = Partial<Omit<ParleyLabels, 'states' | 'errors'>> & {
  states?: Partial<ParleyLabels['states']>;
  errors?: Record<string, string>;
};

/** The events of the element; each fires under both names (parley:state and parley-state...). */
export interface ParleyAgentEventMap {
  'parley:state': CustomEvent<ParleyStateDetail>;
  'parley-state': CustomEvent<ParleyStateDetail>;
  'parley:transcript': CustomEvent<ParleyTranscriptDetail>;
  'parley-transcript': CustomEvent<ParleyTranscriptDetail>;
  'parley:metrics': CustomEvent<ParleyMetricsDetail>;
  'parley-metrics': CustomEvent<ParleyMetricsDetail>;
  'parley:interrupted': CustomEvent<ParleyInterruptedDetail>;
  'parley-interrupted': CustomEvent<ParleyInterruptedDetail>;
  'parley:agent-paused': CustomEvent<ParleyAgentPausedDetail>;
  'parley-agent-paused': CustomEvent<ParleyAgentPausedDetail>;
  'parley:agent-resumed': CustomEvent<ParleyAgentResumedDetail>;
  'parley-agent-resumed': CustomEvent<ParleyAgentResumedDetail>;
  'parley:error': CustomEvent<ParleyErrorDetail>;
  'parley-error': CustomEvent<ParleyErrorDetail>;
  'parley:ended': CustomEvent<ParleyEndedDetail>;
  'parley-ended': CustomEvent<ParleyEndedDetail>;
  'parley:recording-notice': CustomEvent<ParleyRecordingNoticeDetail>;
  'parley-recording-notice': CustomEvent<ParleyRecordingNoticeDetail>;
}

/** The element's attributes (all strings; text-input is boolean by presence). */
export interface ParleyAgentAttributes {
  server?: string;
  token?: string;
  language?: string;
  lang?: string;
  theme?: 'light' | 'dark';
  'ice-transport-policy'?: 'all' | 'relay';
  'echo-cancellation'?: 'on' | 'off';
  'noise-suppression'?: 'on' | 'off';
  'auto-gain-control'?: 'on' | 'off';
  'text-input'?: boolean | '';
  zone?: string;
}

export declare class ParleyAgent extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Reflects `server`: base URL of the Parley WAR ('' = where the script was loaded from). */
  server: string;
  /** Reflects `token`: the widget token from POST /api/v1/tokens. */
  token: string;
  /** Reflects `language`: BCP 47 tag sent to the server with start. */
  language: string;
  /** Reflects `lang`: the language of the widget's own texts (en, de; others fall back to English). */
  lang: string;
  /** Reflects `theme`. */
  theme: 'light' | 'dark' | string;
  /** Reflects `ice-transport-policy`. */
  iceTransportPolicy: 'all' | 'relay' | string;
  /** Reflects `echo-cancellation`. */
  echoCancellation: 'on' | 'off' | string;
  /** Reflects `noise-suppression`: the browser's noise suppression on the microphone (default on). */
  noiseSuppression: 'on' | 'off' | string;
  /** Reflects `auto-gain-control`: the browser's automatic gain control on the microphone (default on). */
  autoGainControl: 'on' | 'off' | string;
  /** Reflects `zone`: sent with start; the server prefers a media server of that zone. */
  zone: string;
  /** Reflects `text-input`: shows the text box. */
  textInput: boolean;
  /** Reads the texts in use; set a partial object to override them. */
  get labels(): ParleyLabels;
  set labels(value: ParleyLabelOverrides | null);
  readonly state: ParleyState;
  readonly agentSpeech: ParleyAgentSpeech;
  readonly muted: boolean;
  readonly captions: ParleyCaption[];
  readonly remoteStream: MediaStream | null;
  readonly localStream: MediaStream | null;
  readonly serverUrl: string;
  readonly recordingNotice: string | null;
  sessionId?: string;
  start(): Promise<void>;
  stop(): void;
  setMuted(muted: boolean): void;
  /** Sends a typed user turn (at most 1000 characters); false when no call is connected or the text is blank or too long. */
  sendText(text: string): boolean;

  addEventListener<K extends keyof ParleyAgentEventMap>(type: K, listener: (this: ParleyAgent, ev: ParleyAgentEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ParleyAgentEventMap>(type: K, listener: (this: ParleyAgent, ev: ParleyAgentEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-agent': ParleyAgent;
  }
}
