package node

import (
	"fmt"

	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/rs/zerolog"
)

// cmtLogger adapts zerolog to CometBFT's logger; keyvals become fields.
type cmtLogger struct {
	z zerolog.Logger
}

var _ cmtlog.Logger = cmtLogger{}

func newCmtLogger(z zerolog.Logger, level string) (cmtLogger, error) {
	switch level {
	case "none":
		return cmtLogger{z: zerolog.Nop()}, nil
	case "debug", "info", "error":
	default:
		return cmtLogger{}, fmt.Errorf("%w: cometbft log level %q (debug, info, error, none)", ErrInvalidConfig, level)
	}
	lvl, _ := zerolog.ParseLevel(level)
	return cmtLogger{z: z.Level(lvl).With().Str("module", "cometbft").Logger()}, nil
}

func (l cmtLogger) Debug(msg string, kv ...any) { l.event(l.z.Debug(), kv).Msg(msg) }
func (l cmtLogger) Info(msg string, kv ...any)  { l.event(l.z.Info(), kv).Msg(msg) }
func (l cmtLogger) Error(msg string, kv ...any) { l.event(l.z.Error(), kv).Msg(msg) }

func (l cmtLogger) With(kv ...any) cmtlog.Logger {
	c := l.z.With()
	for i := 0; i+1 < len(kv); i += 2 {
		c = c.Interface(fmt.Sprint(kv[i]), kv[i+1])
	}
	return cmtLogger{z: c.Logger()}
}

func (l cmtLogger) event(e *zerolog.Event, kv []any) *zerolog.Event {
	for i := 0; i+1 < len(kv); i += 2 {
		if err, ok := kv[i+1].(error); ok {
			e = e.AnErr(fmt.Sprint(kv[i]), err)
			continue
		}
		if s, ok := kv[i+1].(fmt.Stringer); ok {
			e = e.Str(fmt.Sprint(kv[i]), s.String())
			continue
		}
		e = e.Interface(fmt.Sprint(kv[i]), kv[i+1])
	}
	return e
}
