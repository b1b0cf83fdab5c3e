package server

import (
	"io"
	"net"
	"strconv"
	"sync"
	"time"
)

// LimitListener caps the connections of ln: at most total open at once
// (Accept waits for one to close; the others wait in the kernel's listen
// queue) and at most perClient from one client IP address (a connection
// beyond that is answered "503 Service Unavailable" and closed). A cap
// of 0 or less means no cap.
//
// The per-client cap keeps one client (a script opening hundreds of
// connections and never reading) from taking every slot; it is generous
// because a whole classroom may reach the server from one address (NAT),
// each browser opening about six connections. A refused connection holds
// its slot for the moment its refusal takes, so that open descriptors stay
// within total whatever arrives.
func LimitListener(ln net.Listener, total, perClient int) net.Listener {
	l := &limitListener{Listener: ln, perClient: perClient, byClient: map[string]int{}, done: make(chan struct{})}
	if total > 0 {
		l.slots = make(chan struct{}, total)
	}
	return l
}

type limitListener struct {
	net.Listener
	slots     chan struct{} // one token per open connection; nil: no total cap
	perClient int
	done      chan struct{} // closed by Close
	closeOnce sync.Once

	mu       sync.Mutex
	byClient map[string]int // open connections per client address
}

// Accept waits for a free slot, then returns the next connection whose
// client is under its cap.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		if !l.acquire() {
			return nil, net.ErrClosed
		}
		c, err := l.Listener.Accept()
		if err != nil {
			l.release()
			return nil, err
		}
		host := clientAddr(c.RemoteAddr())
		if !l.enter(host) {
			go func() { // the refusal keeps its slot: open descriptors stay within total
				refuse(c)
				l.release()
			}()
			continue
		}
		return &limitConn{Conn: c, done: func() { l.leave(host); l.release() }}, nil
	}
}

// Close stops accepting (and wakes an Accept waiting for a slot).
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

func (l *limitListener) acquire() bool {
	if l.slots == nil {
		select {
		case <-l.done:
			return false
		default:
			return true
		}
	}
	select {
	case l.slots <- struct{}{}:
		return true
	case <-l.done:
		return false
	}
}

func (l *limitListener) release() {
	if l.slots != nil {
		<-l.slots
	}
}

func (l *limitListener) enter(host string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perClient > 0 && l.byClient[host] >= l.perClient {
		return false
	}
	l.byClient[host]++
	return true
}

func (l *limitListener) leave(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byClient[host]--; l.byClient[host] <= 0 {
		delete(l.byClient, host)
	}
}

// clientAddr is the IP address of a remote address (the port dropped).
func clientAddr(a net.Addr) string {
	if ta, ok := a.(*net.TCPAddr); ok {
		return ta.IP.String()
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}

// refusal is the whole answer to a connection over its client's cap.
var refusal = func() string {
	const body = "Too many connections from your address; try again in a moment.\n"
	return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: text/plain; charset=utf-8\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n" + body
}()

// refuseTime is how long a refused client has to take its answer.
const refuseTime = 250 * time.Millisecond

// refuse answers 503 and closes c, reading what the client sent first so
// that the close does not reset the connection before the answer arrives.
func refuse(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(refuseTime))
	if _, err := io.WriteString(c, refusal); err != nil {
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(c, 64<<10))
}

// limitConn gives its slot back once, when closed.
type limitConn struct {
	net.Conn
	once sync.Once
	done func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.done)
	return err
}
