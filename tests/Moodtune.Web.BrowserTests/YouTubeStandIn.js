// Stands in for https://www.youtube.com/iframe_api in browser tests (they have no internet): a YT.Player that records
// what the page asks of it in window.__yt.calls, and lets a test end a video or raise a player error. A test that sets
// window.__ytAutoplayBlocked = true before the page loads gets a browser that refuses autoplay: videos load but only
// playVideo() (a press of Play) starts them.
(function () {
  const autoplay = () => window.__ytAutoplayBlocked !== true;
  const calls = [];
  const players = [];
  const PlayerState = { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 };

  class Player {
    constructor(element, options) {
      this.options = options || {};
      this.state = PlayerState.UNSTARTED;
      this.videoId = this.options.videoId || null;
      players.push(this);
      calls.push({ method: 'constructor', videoId: this.videoId });
      const host = typeof element === 'string' ? document.getElementById(element) : element;
      if (host) {
        host.setAttribute('data-standin', 'youtube');
      }
      setTimeout(() => {
        this.fire('onReady', {});
        if (this.videoId && this.options.playerVars && this.options.playerVars.autoplay && autoplay()) {
          this.setState(PlayerState.PLAYING);
        }
      }, 0);
    }

    fire(name, data) {
      const handler = this.options.events && this.options.events[name];
      if (handler) {
        handler(Object.assign({ target: this }, data));
      }
    }

    setState(state) {
      this.state = state;
      this.fire('onStateChange', { data: state });
    }

    loadVideoById(arg) {
      this.videoId = typeof arg === 'string' ? arg : arg.videoId;
      calls.push({ method: 'loadVideoById', videoId: this.videoId });
      setTimeout(() => this.setState(autoplay() ? PlayerState.PLAYING : PlayerState.UNSTARTED), 0);
    }

    cueVideoById(arg) {
      this.videoId = typeof arg === 'string' ? arg : arg.videoId;
      calls.push({ method: 'cueVideoById', videoId: this.videoId });
      setTimeout(() => this.setState(PlayerState.CUED), 0);
    }

    playVideo() { calls.push({ method: 'playVideo', videoId: this.videoId }); setTimeout(() => this.setState(PlayerState.PLAYING), 0); }
    pauseVideo() { calls.push({ method: 'pauseVideo', videoId: this.videoId }); setTimeout(() => this.setState(PlayerState.PAUSED), 0); }
    stopVideo() { calls.push({ method: 'stopVideo', videoId: this.videoId }); }
    getPlayerState() { return this.state; }
    getVideoData() { return { video_id: this.videoId }; }
    getCurrentTime() { return 0; }
    getDuration() { return 200; }
    setVolume() {}
    mute() {}
    unMute() {}
    destroy() { calls.push({ method: 'destroy' }); }
  }

  window.__yt = {
    calls,
    players,
    // The video played last, by any method that starts or loads one.
    current: () => (players.length ? players[players.length - 1].videoId : null),
    end: () => players[players.length - 1].setState(PlayerState.ENDED),
    error: (code) => players[players.length - 1].fire('onError', { data: code }),
  };
  window.YT = { Player, PlayerState, loaded: 1 };
  if (typeof window.onYouTubeIframeAPIReady === 'function') {
    setTimeout(() => window.onYouTubeIframeAPIReady(), 0);
  }
})();
