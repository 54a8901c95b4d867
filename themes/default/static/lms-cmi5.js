/* coursemark LMS package, part 3 of 4: the cmi5 bridge. Reads the launch parameters,
   fetches the token, sends the cmi5 statements with the LMS's context template, and keeps
   progress in the xAPI state API. */
(function () {
  'use strict';
  var cm = window.cm, kit = cm.lmsKit, T = cm.texts.t;
  if (!kit) return;
  var query = kit.query, notice = kit.notice, pack = kit.pack, elapsed = kit.elapsed, duration = kit.duration;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = b[6] & 15 | 64; b[8] = b[8] & 63 | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function cmi5() {
    var endpoint = query.get('endpoint'), fetchUrl = query.get('fetch'), registration = query.get('registration');
    var activityId = query.get('activityId'), actor;
    try { actor = JSON.parse(query.get('actor')); } catch (e) { actor = null; }
    if (!endpoint || !fetchUrl || !registration || !activityId || !actor) return null;
    if (endpoint.slice(-1) !== '/') endpoint += '/';
    var auth = '', launch = {}, sent = {}, live = false, queue = Promise.resolve();
    var CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
    var MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
    var STATE = 'coursemark.progress';

    function headers(json) {
      var h = { 'X-Experience-API-Version': '1.0.3', 'Authorization': auth };
      if (json) h['Content-Type'] = 'application/json';
      return h;
    }
    function stateUrl(id) {
      return endpoint + 'activities/state?' + new URLSearchParams({ stateId: id, activityId: activityId, agent: JSON.stringify(actor), registration: registration });
    }
    // keepalive: a request made as the page closes still reaches the LRS.
    function request(method, url, body) {
      return fetch(url, { method: method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body), keepalive: method !== 'GET', credentials: 'omit' })
        .then(function (r) {
          if (r.status === 404 && method === 'GET') return null;
          if (!r.ok) throw new Error(method + ' ' + r.status);
          return method === 'GET' ? r.json() : null;
        });
    }
    // What the page sends as it closes goes through fetchLater where the browser has
    // it: the browser holds the request from the call on and sends it at once, page or
    // no page, where a keepalive fetch made while a loaded browser tears the page down
    // can be lost before it leaves.
    function closing(method, url, body) {
      if (typeof fetchLater === 'function') {
        try {
          fetchLater(url, { method: method, headers: headers(true), body: JSON.stringify(body), credentials: 'omit', activateAfter: 0 });
          return Promise.resolve(null);
        } catch (e) { /* not a secure context, or over the page's quota: a fetch then */ }
      }
      return request(method, url, body);
    }
    // The context template from the LMS, extended, never overwritten: a deep copy.
    function context(categories) {
      var c = JSON.parse(JSON.stringify(launch.contextTemplate || {}));
      c.registration = registration;
      if (categories.length) {
        c.contextActivities = c.contextActivities || {};
        var cat = c.contextActivities.category = c.contextActivities.category || [];
        categories.forEach(function (id) {
          if (!cat.some(function (a) { return a.id === id; })) cat.push({ id: id, objectType: 'Activity' });
        });
      }
      return c;
    }
    function statement(verb, display, result, categories, object) {
      var s = {
        id: uuid(),
        actor: actor,
        verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': display } },
        object: object || { id: activityId, objectType: 'Activity' },
        context: context(categories),
        timestamp: new Date().toISOString()
      };
      if (result) s.result = result;
      return s;
    }
    function failed(e) { notice(T('lms_error', { code: 'xAPI', error: e.message })); }
    function post(list, now) { return (now ? closing : request)('POST', endpoint + 'statements', list).catch(failed); }
    // A state write, queued behind the others (or, as the page goes, sent at once); none
    // when it says what the last one said (finish repeats the last report).
    var saved = '';
    function save(body, now) {
      var text = JSON.stringify(body);
      if (text === saved) return;
      saved = text;
      var put = function () { return (now ? closing : request)('PUT', stateUrl(STATE), body); };
      if (now) put().catch(failed);
      else queue = queue.then(put).catch(failed);
    }
    var normal = function () { return (launch.launchMode || 'Normal') === 'Normal'; };

    // The statements for what changed: one answered per interaction, then passed and
    // completed, each once per registration and only in Normal launch mode.
    function statements(s, interactions) {
      var out = interactions.map(function (i) {
        var definition = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', name: { 'en-US': i.title }, interactionType: i.type, correctResponsesPattern: i.type === 'choice' ? [i.correct.join('[,]')] : i.correct.map(function (a) { return '{case_matters=false}' + a; }) };
        if (i.type === 'choice') definition.choices = i.correct.concat(i.response).filter(function (x, k, all) { return all.indexOf(x) === k; }).sort().map(function (x) { return { id: x, description: { 'en-US': x } }; });
        var st = statement('answered', 'answered', { success: i.result, response: i.type === 'choice' ? i.response.join('[,]') : i.response[0] }, [], { id: i.id, objectType: 'Activity', definition: definition });
        st.timestamp = i.time.toISOString();
        return st;
      });
      var mastery = typeof launch.masteryScore === 'number' ? launch.masteryScore : null;
      var scaled = s.score === null ? null : s.score / 100;
      if (normal() && s.hasQuiz && s.passed && !sent.passed && (mastery === null || scaled === null || scaled >= mastery)) {
        var result = { success: true, duration: duration(elapsed()) };
        if (scaled !== null) result.score = { scaled: scaled, raw: s.score, min: 0, max: 100 };
        var passed = statement('passed', 'passed', result, [CMI5, MOVEON]);
        if (mastery !== null) passed.context.extensions = Object.assign(passed.context.extensions || {}, { 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore': mastery });
        out.push(passed);
        sent.passed = true;
      }
      if (normal() && s.completed && !sent.completed) {
        out.push(statement('completed', 'completed', { completion: true, duration: duration(elapsed()) }, [CMI5, MOVEON]));
        sent.completed = true;
      }
      return out;
    }

    return {
      name: 'cmi5',
      start: function () {
        return fetch(fetchUrl, { method: 'POST', credentials: 'omit' }).then(function (r) { return r.json(); }).then(function (body) {
          if (!body || !body['auth-token']) throw new Error((body && body['error-text']) || 'no auth-token');
          auth = 'Basic ' + body['auth-token'];
          return request('GET', stateUrl('LMS.LaunchData'));
        }).then(function (data) {
          if (!data || !data.contextTemplate) throw new Error('no LMS.LaunchData');
          launch = data;
          // The specification asks for the learner's preferences at start; this
          // course has one language and no audio, so they change nothing.
          return request('GET', endpoint + 'agents/profile?' + new URLSearchParams({ agent: JSON.stringify(actor), profileId: 'cmi5LearnerPreferences' })).catch(function () { return null; });
        }).then(function () {
          return request('GET', stateUrl(STATE));
        }).then(function (saved) {
          saved = saved || {};
          sent = saved.sent || {};
          live = true;
          queue = post([statement('initialized', 'initialized', null, [CMI5])]);
          return { suspend: typeof saved.progress === 'string' ? saved.progress : '', location: saved.location || '' };
        });
      },
      report: function (d, s, interactions) {
        if (!live) return;
        var out = statements(s, interactions);
        if (out.length) queue = queue.then(function () { return post(out); });
        pack(d, Infinity, function (data) { save({ progress: data, location: s.location, sent: sent }); });
      },
      finish: function (d, s, interactions) {
        if (!live) return;
        live = false;
        // The page is going away, and nothing queued behind a request still in flight
        // would run: what is left goes now, in requests that outlive the page, ending
        // with terminated (the last statement of the session).
        var out = statements(s, interactions);
        out.push(statement('terminated', 'terminated', { duration: duration(elapsed()) }, [CMI5]));
        var done = post(out, true);
        pack(d, Infinity, function (data) { save({ progress: data, location: s.location, sent: sent }, true); });
        if (launch.returnURL) done.then(function () { window.location.href = launch.returnURL; });
      }
    };
  }

  kit.cmi5 = cmi5;
})();
