# genrepl benchmark twin: P producers cast M times each to one counting GenServer.
# Usage: elixir --erl "+S 1:1" cast.exs P M
defmodule Counter do
  use GenServer
  def init({total, main}), do: {:ok, {0, total, main}}
  def handle_cast(:inc, {c, total, main}) do
    c = c + 1
    if c == total, do: send(main, :done)
    {:noreply, {c, total, main}}
  end
end
defmodule B do
  def produce(_s, 0), do: :ok
  def produce(s, n), do: (GenServer.cast(s, :inc); produce(s, n - 1))
end
[p, m] = Enum.map(System.argv(), &String.to_integer/1)
{:ok, s} = GenServer.start_link(Counter, {p * m, self()})
{us, _} = :timer.tc(fn ->
  for _ <- 1..p, do: spawn(fn -> B.produce(s, m) end)
  receive do :done -> :ok end
end)
IO.puts("RESULT bench=cast producers=#{p} per_producer=#{m} total=#{p * m} us=#{us} msgs_per_s=#{round(p * m / (us / 1.0e6))}")
