# genrepl benchmark twin: GenServer.call :ping -> :pong, sequential or C concurrent clients.
# Usage: elixir --erl "+S 1:1" call.exs seq N | call.exs conc C N
defmodule Echo do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
end
defmodule B do
  def loop(_s, 0), do: :ok
  def loop(s, n), do: (:pong = GenServer.call(s, :ping); loop(s, n - 1))
end
{clients, per} = case System.argv() do
  ["seq", n] -> {1, String.to_integer(n)}
  ["conc", c, n] -> {String.to_integer(c), String.to_integer(n)}
end
{:ok, s} = GenServer.start_link(Echo, nil)
{us, _} = :timer.tc(fn ->
  if clients == 1, do: B.loop(s, per),
  else: 1..clients |> Enum.map(fn _ -> Task.async(fn -> B.loop(s, per) end) end) |> Enum.each(&Task.await(&1, :infinity))
end)
IO.puts("RESULT bench=call clients=#{clients} per_client=#{per} total=#{clients * per} us=#{us} calls_per_s=#{round(clients * per / (us / 1.0e6))}")
